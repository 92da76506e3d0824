package io.corral.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * PostgreSQL's own counters for a window: transactions ({@code pg_stat_database} xact_commit +
 * xact_rollback of the stack's database), rows touched (tup_*), and statements executed
 * ({@code pg_stat_statements} calls). The launcher gives the embedded server no extra settings, so
 * {@link #prepare} initialises its data directory before the stack starts (the same zonky binaries
 * and defaults the launcher uses; the launcher keeps an initialised directory) with
 * {@code shared_preload_libraries = 'pg_stat_statements'} in postgresql.auto.conf.
 */
final class PgStats {

    /**
     * Counters so far; {@code scans} per table (seq scans, rows they read, index scans, rows fetched
     * by index scans) and per index ("index name", 0, 0, scans, index entries read).
     */
    record Snapshot(long xacts, long tuples, long statements, Map<String, Long> byQuery, Map<String, long[]> scans) {
    }

    private final String[] db;
    private String statementsProblem;

    PgStats(String[] db) {
        this.db = db;
    }

    /** Initialises {@code pgDataDir} (empty or missing) with pg_stat_statements preloaded; returns a problem or null. */
    static String prepare(Path pgDataDir) {
        try {
            Files.createDirectories(pgDataDir);
            try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(pgDataDir)
                    .setCleanDataDirectory(false).setRegisterShutdownHook(false).start();
                 Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
                st.execute("alter system set shared_preload_libraries = 'pg_stat_statements'");
                st.execute("alter system set pg_stat_statements.max = 10000");
            }
            return null;
        } catch (Exception e) {
            return "could not prepare the data directory with pg_stat_statements: " + e;
        }
    }

    /** Creates the extension in the stack's database; false (and a reason) when the library is not loaded. */
    boolean enableStatements() {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("create extension if not exists pg_stat_statements");
            try (ResultSet rs = st.executeQuery("select count(*) from pg_stat_statements")) {
                rs.next();
            }
            return true;
        } catch (SQLException e) {
            statementsProblem = e.getMessage();
            return false;
        }
    }

    String statementsProblem() {
        return statementsProblem;
    }

    Snapshot snapshot() throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            long xacts;
            long tuples;
            try (ResultSet rs = st.executeQuery("select xact_commit + xact_rollback, tup_returned + tup_fetched + "
                    + "tup_inserted + tup_updated + tup_deleted from pg_stat_database where datname = current_database()")) {
                rs.next();
                xacts = rs.getLong(1);
                tuples = rs.getLong(2);
            }
            long statements = -1;
            Map<String, Long> byQuery = new HashMap<>();
            if (statementsProblem == null) {
                try (ResultSet rs = st.executeQuery("select s.query, sum(s.calls) from pg_stat_statements s join pg_database d "
                        + "on d.oid = s.dbid where d.datname = current_database() group by s.query")) {
                    statements = 0;
                    while (rs.next()) {
                        statements += rs.getLong(2);
                        byQuery.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            Map<String, long[]> scans = new HashMap<>();
            try (ResultSet rs = st.executeQuery("select relname, coalesce(seq_scan, 0), coalesce(seq_tup_read, 0), "
                    + "coalesce(idx_scan, 0), coalesce(idx_tup_fetch, 0) from pg_stat_user_tables")) {
                while (rs.next()) {
                    scans.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)});
                }
            }
            try (ResultSet rs = st.executeQuery("select indexrelname, idx_scan, idx_tup_read from pg_stat_user_indexes")) {
                while (rs.next()) {
                    scans.put("index " + rs.getString(1), new long[] {0, 0, rs.getLong(2), rs.getLong(3)});
                }
            }
            return new Snapshot(xacts, tuples, statements, byQuery, scans);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(db[0], db[1], db[2]);
    }
}
