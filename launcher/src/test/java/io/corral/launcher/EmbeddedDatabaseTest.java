package io.corral.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedDatabaseTest {

    private static final String PASSWORD = "pw-" + java.util.UUID.randomUUID();

    @TempDir
    Path dataDir;

    @Test
    void dataSurvivesARestart() throws Exception {
        Path pg = dataDir.resolve("pg");
        Path log = dataDir.resolve("logs/postgresql.log");
        int port = Ports.resolve(new int[] {0}, new String[] {"test"})[0];

        try (EmbeddedDatabase db = EmbeddedDatabase.start(pg, port, log, PASSWORD)) {
            assertThat(db.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:" + port + "/corral");
            try (Connection c = connect(db); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE agent (name text PRIMARY KEY)");
                s.execute("INSERT INTO agent VALUES ('local')");
            }
        }

        try (EmbeddedDatabase db = EmbeddedDatabase.start(pg, port, log, PASSWORD);
             Connection c = connect(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT name FROM agent")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("local");
        }
        assertThat(log).isNotEmptyFile();
    }

    @Test
    void aConnectionWithoutThePasswordIsRefused() throws Exception {
        Path pg = dataDir.resolve("pg");
        Path log = dataDir.resolve("logs/postgresql.log");
        int port = Ports.resolve(new int[] {0}, new String[] {"test"})[0];
        for (int start = 0; start < 2; start++) {
            try (EmbeddedDatabase db = EmbeddedDatabase.start(pg, port, log, PASSWORD)) {
                assertThatThrownBy(() -> DriverManager.getConnection(db.jdbcUrl(), EmbeddedDatabase.USER, null).close())
                        .as("no password (start " + start + ")").isInstanceOf(SQLException.class)
                        .hasMessageContaining("password");
                assertThatThrownBy(() -> DriverManager.getConnection(db.jdbcUrl(), EmbeddedDatabase.USER, "postgres")
                        .close()).as("the old fixed password").isInstanceOf(SQLException.class);
                try (Connection c = connect(db); Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT 1")) {
                    assertThat(rs.next()).as("the generated password works").isTrue();
                }
            }
            assertThat(Files.readAllLines(pg.resolve("pg_hba.conf")).stream().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")))
                    .as("every rule, local and host, asks for the password").isNotEmpty()
                    .allMatch(l -> l.endsWith("scram-sha-256"));
        }
    }

    private static Connection connect(EmbeddedDatabase db) throws Exception {
        return DriverManager.getConnection(db.jdbcUrl(), EmbeddedDatabase.USER, PASSWORD);
    }
}
