package io.corral.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What one measured window cost, per lifecycle: CPU of each process (from /proc), HTTP requests
 * the load generator sent (by kind), PostgreSQL transactions and statements, and the SQL check
 * that every command finished in the window succeeded exactly once.
 */
final class WindowMeter {

    record Figures(double seconds, long lifecycles, Map<String, Double> cpuSeconds, Map<RequestCounts.Kind, Long> requests,
                   long xacts, long tuples, long statements, Map<String, Long> statementsByQuery, Map<String, long[]> scans,
                   Instant from, Instant to, long[] calls) {

        double perSecond() { return lifecycles / seconds; }

        double micros(String part) {
            return cpuSeconds.getOrDefault(part, 0.0) * 1e6 / Math.max(1, lifecycles);
        }

        double per(long count) {
            return count / (double) Math.max(1, lifecycles);
        }
    }

    /** SQL: commands finished in the window, succeeded ones, and succeeded ones with exactly one 'succeeded' event. */
    record ExactlyOnce(long finished, long succeeded, long exactlyOne, long notOne) {
        boolean ok() {
            return finished == succeeded && exactlyOne == succeeded && notOne == 0 && succeeded > 0;
        }
    }

    private final CpuMeter cpu;
    private final PgStats pg;
    private final AgentFleet fleet;
    private final long t0;
    private final Instant from;
    private final Map<String, Double> cpuFrom;
    private final Map<RequestCounts.Kind, Long> requestsFrom;
    private final PgStats.Snapshot pgFrom;
    private final long okFrom;
    private final long[] callsFrom;

    WindowMeter(CpuMeter cpu, PgStats pg, AgentFleet fleet) throws SQLException {
        this.cpu = cpu;
        this.pg = pg;
        this.fleet = fleet;
        this.pgFrom = pg.snapshot();
        this.requestsFrom = RequestCounts.snapshot();
        this.callsFrom = fleet.callCounts();
        this.okFrom = fleet.succeeded();
        this.cpuFrom = cpu.snapshot();
        this.from = Instant.now();
        this.t0 = System.nanoTime();
    }

    Figures close() throws SQLException {
        long ok = fleet.succeeded();
        Instant to = Instant.now();
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Double> cpuTo = cpu.snapshot();
        Map<RequestCounts.Kind, Long> requests = RequestCounts.delta(requestsFrom, RequestCounts.snapshot());
        long[] calls = fleet.callCounts();
        for (int i = 0; i < calls.length; i++) {
            calls[i] -= callsFrom[i];
        }
        PgStats.Snapshot pgTo = pg.snapshot();
        Map<String, Double> cpuSeconds = new java.util.LinkedHashMap<>();
        cpuTo.forEach((k, v) -> cpuSeconds.put(k, v - cpuFrom.getOrDefault(k, 0.0)));
        Map<String, Long> byQuery = pgTo.byQuery().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue() - pgFrom.byQuery().getOrDefault(e.getKey(), 0L)));
        Map<String, long[]> scans = new java.util.HashMap<>();
        pgTo.scans().forEach((table, v) -> {
            long[] b = pgFrom.scans().getOrDefault(table, new long[4]);
            scans.put(table, new long[] {v[0] - b[0], v[1] - b[1], v[2] - b[2], v[3] - b[3]});
        });
        return new Figures(seconds, ok - okFrom, cpuSeconds, requests, pgTo.xacts() - pgFrom.xacts(),
                pgTo.tuples() - pgFrom.tuples(), pgTo.statements() < 0 ? -1 : pgTo.statements() - pgFrom.statements(),
                byQuery, scans, from, to, calls);
    }

    /** The statements executed most often in the window, per lifecycle. */
    static String topStatements(Figures f, int n) {
        return f.statementsByQuery().entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())).limit(n)
                .map(e -> String.format("%.2f × `%s`", f.per(e.getValue()),
                        e.getKey().replaceAll("\\s+", " ").replace("`", "'").substring(0, Math.min(140,
                                e.getKey().replaceAll("\\s+", " ").length()))))
                .collect(Collectors.joining("; "));
    }

    /** Tables and indexes by rows read, per lifecycle (pg_stat_user_tables, pg_stat_user_indexes). */
    static String scans(Figures f, int n) {
        return f.scans().entrySet().stream().filter(e -> e.getValue()[0] > 0 || e.getValue()[2] > 0)
                .sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> e.getValue()[1] + e.getValue()[3])
                        .reversed()).limit(n)
                .map(e -> e.getKey().startsWith("index ")
                        ? String.format("`%s` %.2f scans reading %.1f entries", e.getKey(), f.per(e.getValue()[2]),
                                f.per(e.getValue()[3]))
                        : String.format("`%s` %.2f seq scans reading %.1f rows, %.2f index scans fetching %.1f rows",
                                e.getKey(), f.per(e.getValue()[0]), f.per(e.getValue()[1]), f.per(e.getValue()[2]),
                                f.per(e.getValue()[3])))
                .collect(Collectors.joining("; "));
    }

    static ExactlyOnce exactlyOnce(String[] db, Instant from, Instant to) throws SQLException {
        String sql = "select count(*), count(*) filter (where c.status = 'succeeded'), "
                + "count(*) filter (where c.status = 'succeeded' and e.n = 1), "
                + "count(*) filter (where c.status = 'succeeded' and coalesce(e.n, 0) <> 1) "
                + "from command c left join lateral (select count(*) n from command_event ev "
                + "where ev.command_id = c.id and ev.to_status = 'succeeded') e on true "
                + "where c.finished_at >= ? and c.finished_at < ?";
        try (Connection c = DriverManager.getConnection(db[0], db[1], db[2]); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, Timestamp.from(from));
            ps.setTimestamp(2, Timestamp.from(to));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new ExactlyOnce(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4));
            }
        }
    }
}
