package io.corral.launcher;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * PostgreSQL 14 from the zonky binaries, with its data directory kept between runs, and a
 * {@value #DATABASE} database created on first start. Local runs only: the superuser {@value #USER} on
 * loopback. initdb of the embedded binaries trusts every local user; at each start the superuser gets the
 * launcher's generated password and {@code pg_hba.conf} asks every connection, socket or TCP, for it
 * ({@code scram-sha-256}), so no other local user or process gets in without it.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    public static final String DATABASE = "corral";
    public static final String USER = "postgres";
    private static final String HBA = """
            # Written by the Corral launcher: every connection needs the generated password.
            local all all scram-sha-256
            host  all all 127.0.0.1/32 scram-sha-256
            host  all all ::1/128 scram-sha-256
            """;

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * Starts PostgreSQL on {@code port} (must be a real port, not 0) with its data in
     * {@code dataDir}, initialising the directory only if it is empty.
     */
    public static EmbeddedDatabase start(Path dataDir, int port, Path logFile, String password) throws IOException {
        Files.createDirectories(dataDir);
        Files.createDirectories(logFile.getParent());
        stopLeftoverOfEarlierRun(dataDir);
        ProcessBuilder.Redirect log = ProcessBuilder.Redirect.appendTo(logFile.toFile());
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setServerConfig("listen_addresses", "127.0.0.1")
                // zonky's test defaults trade durability for speed; this data directory is kept
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("password_encryption", "scram-sha-256")
                // zonky's readiness check and our own connections sign in with it once pg_hba.conf asks
                .setConnectConfig("password", password)
                // the Stack stops PostgreSQL last, after the processes that use it
                .setRegisterShutdownHook(false)
                .setOutputRedirector(log)
                .setErrorRedirector(log)
                .start();
        EmbeddedDatabase database = new EmbeddedDatabase(postgres);
        try {
            database.requirePassword(password, dataDir.resolve("pg_hba.conf"));
            database.createDatabaseIfMissing();
        } catch (SQLException e) {
            database.close();
            throw new IOException("cannot create database " + DATABASE + ": " + e.getMessage(), e);
        }
        return database;
    }

    // PostgreSQL runs in its own session, so a launcher killed with SIGKILL leaves it running on
    // this data directory; a smart shutdown (SIGTERM) of that postmaster frees the directory.
    static void stopLeftoverOfEarlierRun(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        String pid = Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
        Optional<ProcessHandle> leftover = pid.matches("\\d+") ? ProcessHandle.of(Long.parseLong(pid)) : Optional.empty();
        leftover.filter(ProcessHandle::isAlive)
                .filter(h -> h.info().commandLine().map(c -> c.contains("postgres") && c.contains(dataDir.toString())).orElse(false))
                .ifPresent(h -> {
                    System.err.println("Stopping PostgreSQL left running by an earlier run (pid " + pid + ")");
                    h.destroy();
                    h.onExit().completeOnTimeout(h, 30, TimeUnit.SECONDS).join();
                });
    }

    public int port() {
        return postgres.getPort();
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE;
    }

    /** Sets the superuser's password, then makes every rule of pg_hba.conf ask for it (reloaded at once). */
    private void requirePassword(String password, Path hba) throws SQLException, IOException {
        if (password == null || password.isBlank()) {
            throw new IllegalArgumentException("the embedded PostgreSQL needs a password");
        }
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("ALTER ROLE " + USER + " PASSWORD '" + password.replace("'", "''") + "'");
            if (!Files.readString(hba).equals(HBA)) {
                Files.writeString(hba, HBA);
                s.execute("SELECT pg_reload_conf()");
            }
        }
    }

    private void createDatabaseIfMissing() throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
             PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, DATABASE);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (Statement create = c.createStatement()) {
                create.execute("CREATE DATABASE " + DATABASE);
            }
        }
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
