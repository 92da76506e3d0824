package io.corral.fleet;

import io.corral.platform.db.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * The guests the hibernation and destruction tasks may act on. Protected guests and templates are
 * never among them; nor is a guest with a Proxmox lock (a hibernated guest carries {@code suspended}).
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class VmPolicyService {
    private static final String CANDIDATE = "select v.id, v.agent_id, a.name, v.node, v.vmid, v.name, v.status, "
            + "coalesce(v.last_active_at, v.first_seen_at), v.idle_limit_seconds from vm v join agent a on a.id = v.agent_id ";
    private static final String HIBERNATE = CANDIDATE + "where v.hibernate_policy = 'when-idle' and not v.protected "
            + "and not v.template and v.status = 'running' and v.lock is null "
            + "and coalesce(v.last_active_at, v.first_seen_at) < ? - make_interval(secs => coalesce(v.idle_limit_seconds, ?)) "
            + "order by coalesce(v.last_active_at, v.first_seen_at), v.id";
    private static final String DESTROY_WHERE = "where not v.protected and not v.template "
            + "and coalesce(v.last_active_at, v.first_seen_at) < ? and v.vmid between ? and ? ";
    private static final String DESTROY = CANDIDATE + DESTROY_WHERE
            + "order by coalesce(v.last_active_at, v.first_seen_at), v.id limit ?";
    private static final String DESTROY_COUNT = "select count(*) from vm v " + DESTROY_WHERE;

    @Inject
    Jdbc jdbc;

    @Inject
    FleetSettings fleet;

    /** Running guests under a hibernate policy idle longer than their limit (or {@code defaultIdle}), most idle first. */
    public List<VmCandidate> idleUnderHibernatePolicy(Instant now, Duration defaultIdle) {
        return jdbc.query(HIBERNATE, VmPolicyService::candidate, at(now), (double) defaultIdle.toSeconds());
    }

    /** Which guests are destroyable: unprotected, not templates, inactive since before {@code now - inactive}. */
    public record Destroyable(long total, List<VmCandidate> first) {
    }

    /**
     * The destroyable guests, least recently active first, at most {@code limit} of them, and how many
     * there are in all. With {@code onlyManaged}, only guests whose VMID is in Corral's range.
     */
    public Destroyable destroyable(Instant now, Duration inactive, boolean onlyManaged, int limit) {
        int[] range = onlyManaged ? fleet.vmidRange() : new int[] {0, Integer.MAX_VALUE};
        OffsetDateTime before = at(now.minus(inactive));
        long total = jdbc.one(DESTROY_COUNT, rs -> rs.getLong(1), before, range[0], range[1]).orElse(0L);
        List<VmCandidate> first = limit == 0 ? List.of()
                : jdbc.query(DESTROY, VmPolicyService::candidate, before, range[0], range[1], limit);
        return new Destroyable(total, first);
    }

    private static VmCandidate candidate(ResultSet rs) throws SQLException {
        return new VmCandidate(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                rs.getString(4), rs.getInt(5), rs.getString(6), rs.getString(7), rs.getObject(8, OffsetDateTime.class),
                (Integer) rs.getObject(9));
    }

    private static OffsetDateTime at(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
