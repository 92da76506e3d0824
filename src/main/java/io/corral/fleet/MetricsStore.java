package io.corral.fleet;

import io.corral.platform.db.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The SQL of {@code vm_metric}: batch insert of samples, a guest's series raw or bucketed. */
@ApplicationScoped
public class MetricsStore {
    private static final String INSERT = """
            insert into vm_metric (agent_id, vmid, at, node, status, cpu, maxcpu, mem, maxmem, disk, maxdisk,
                                   netin, netout, diskread, diskwrite, uptime)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """;
    private static final String SERIES = """
            select at, 1, node, status, cpu, maxcpu, mem, maxmem, disk, maxdisk, netin, netout, diskread,
                   diskwrite, uptime
              from vm_metric where agent_id = ? and vmid = ? and at >= ? and at < ?
             order by at limit ?
            """;
    /**
     * Buckets of {@code step} seconds aligned on {@code since}: gauges (cpu, mem, disk) averaged, sizes and
     * counters (which only grow while the guest runs) the largest value, node and status the last seen.
     */
    private static final String BUCKETS = """
            select date_bin(make_interval(secs => ?), at, ?) as bucket, count(*)::int,
                   (array_agg(node order by at desc))[1], (array_agg(status order by at desc))[1],
                   avg(cpu), max(maxcpu), round(avg(mem))::bigint, max(maxmem), round(avg(disk))::bigint,
                   max(maxdisk), max(netin), max(netout), max(diskread), max(diskwrite), max(uptime)
              from vm_metric where agent_id = ? and vmid = ? and at >= ? and at < ?
             group by bucket order by bucket
            """;

    @Inject
    Jdbc jdbc;

    /** One statement, one row per sample, one round trip. */
    public void insert(List<MetricSample> samples) {
        List<Object[]> rows = new ArrayList<>(samples.size());
        for (MetricSample s : samples) {
            rows.add(new Object[] {s.agentId(), s.vmid(), s.at(), s.node(), s.status(),
                    s.cpu() == null ? null : s.cpu().floatValue(),
                    s.maxcpu() == null ? null : s.maxcpu().shortValue(), s.mem(), s.maxmem(), s.disk(), s.maxdisk(),
                    s.netin(), s.netout(), s.diskread(), s.diskwrite(), s.uptime()});
        }
        jdbc.batch(INSERT, rows);
    }

    /** Samples as stored, oldest first, at most {@code limit}. */
    public List<MetricPointView> series(UUID agentId, int vmid, Instant since, Instant until, int limit) {
        return jdbc.query(SERIES, MetricsStore::point, agentId, vmid, utc(since), utc(until), limit);
    }

    /** One point per bucket of {@code stepSeconds} that holds samples, oldest first. */
    public List<MetricPointView> buckets(UUID agentId, int vmid, Instant since, Instant until, int stepSeconds) {
        return jdbc.query(BUCKETS, MetricsStore::point, stepSeconds, utc(since), agentId, vmid, utc(since), utc(until));
    }

    private static MetricPointView point(ResultSet rs) throws SQLException {
        return new MetricPointView(rs.getObject(1, OffsetDateTime.class), rs.getInt(2), rs.getString(3),
                rs.getString(4), real(rs, 5), integer(rs, 6), bigint(rs, 7), bigint(rs, 8), bigint(rs, 9),
                bigint(rs, 10), bigint(rs, 11), bigint(rs, 12), bigint(rs, 13), bigint(rs, 14), bigint(rs, 15));
    }

    private static Double real(ResultSet rs, int column) throws SQLException {
        double v = rs.getDouble(column);
        // a real read as double carries float noise (0.1f -> 0.10000000149): round to its 7 digits
        return rs.wasNull() ? null : Double.valueOf(Float.toString((float) v));
    }

    private static Integer integer(ResultSet rs, int column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    private static Long bigint(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static OffsetDateTime utc(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }
}
