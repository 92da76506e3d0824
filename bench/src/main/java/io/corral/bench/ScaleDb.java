package io.corral.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL's write-side counters for a window: rows inserted, updated and deleted per table
 * ({@code pg_stat_user_tables} n_tup_ins/upd/del, HOT updates apart), transactions
 * ({@code pg_stat_database} xact_commit + xact_rollback), WAL written ({@code pg_current_wal_lsn()})
 * and the database's size ({@code pg_database_size}). The statistics collector lags by up to
 * ~0.5 s at each end of a window.
 */
final class ScaleDb {

    /** ins, upd, del, hot_upd of one table. */
    record Snapshot(long xacts, long walBytes, long dbBytes, Map<String, long[]> tables) {
    }

    /** One table's rows written over a window. */
    record TableWrites(String table, long inserted, long updated, long deleted, long hotUpdated) {
        long total() {
            return inserted + updated + deleted;
        }
    }

    private final String[] db;

    ScaleDb(String[] db) {
        this.db = db;
    }

    Snapshot snapshot() throws SQLException {
        try (Connection c = DriverManager.getConnection(db[0], db[1], db[2]); Statement st = c.createStatement()) {
            long xacts;
            long wal;
            long size;
            try (ResultSet rs = st.executeQuery("select xact_commit + xact_rollback, "
                    + "pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint, pg_database_size(current_database()) "
                    + "from pg_stat_database where datname = current_database()")) {
                rs.next();
                xacts = rs.getLong(1);
                wal = rs.getLong(2);
                size = rs.getLong(3);
            }
            Map<String, long[]> tables = new HashMap<>();
            try (ResultSet rs = st.executeQuery("select relname, n_tup_ins, n_tup_upd, n_tup_del, n_tup_hot_upd "
                    + "from pg_stat_user_tables")) {
                while (rs.next()) {
                    tables.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)});
                }
            }
            return new Snapshot(xacts, wal, size, tables);
        }
    }

    /** Rows written per table between two snapshots, most first; tables with none left out. */
    static List<TableWrites> writes(Snapshot from, Snapshot to) {
        List<TableWrites> out = new ArrayList<>();
        to.tables().forEach((table, v) -> {
            long[] f = from.tables().getOrDefault(table, new long[4]);
            TableWrites w = new TableWrites(table, v[0] - f[0], v[1] - f[1], v[2] - f[2], v[3] - f[3]);
            if (w.total() > 0) {
                out.add(w);
            }
        });
        out.sort(Comparator.comparingLong(TableWrites::total).reversed().thenComparing(TableWrites::table));
        return out;
    }

    static long totalRows(List<TableWrites> writes) {
        return writes.stream().mapToLong(TableWrites::total).sum();
    }
}
