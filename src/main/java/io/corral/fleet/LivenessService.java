package io.corral.fleet;

import io.corral.fleet.LivenessRules.AgentState;
import io.corral.fleet.LivenessRules.VmState;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Judges the liveness of every agent and guest and the health of guests with a helper, and applies
 * the changes: each as a compare-and-set on the state it was judged from, with its fleet event in the
 * same transaction. Plain JDBC, set-based: a fleet of 10,000 guests is one read and a few statements.
 */
@ApplicationScoped
public class LivenessService {
    private static final String AGENTS = "select id, name, ttl_seconds, last_seen_at, liveness from agent";
    private static final String VMS = "select id, agent_id, node, vmid, name, status, template, uptime, last_seen_at, "
            + "last_heartbeat_at, liveness, health from vm";
    private static final String SET_AGENT_LIVENESS = "update agent a set liveness = c.to_v, liveness_since = ? "
            + "from unnest(?::uuid[], ?::text[], ?::text[]) as c(id, from_v, to_v) "
            + "where a.id = c.id and a.liveness = c.from_v " + skipLocked("agent", "a") + " returning a.id";
    private static final String SET_VM_LIVENESS = "update vm v set liveness = c.to_v, liveness_since = ? "
            + "from unnest(?::uuid[], ?::text[], ?::text[]) as c(id, from_v, to_v) "
            + "where v.id = c.id and v.liveness = c.from_v " + skipLocked("vm", "v") + " returning v.id";
    private static final String SET_VM_HEALTH = "update vm v set health = c.to_v "
            + "from unnest(?::uuid[], ?::text[], ?::text[]) as c(id, from_v, to_v) "
            + "where v.id = c.id and v.health is not distinct from c.from_v " + skipLocked("vm", "v") + " returning v.id";

    @Inject
    Jdbc jdbc;

    /**
     * Only rows nobody holds: a heartbeat writing an agent's guests holds their rows until it commits,
     * and waiting for them while holding others deadlocked with it (a heartbeat answered 500 about once
     * a minute at 1,000 agents). A row skipped now is judged again on the next run; its heartbeat has
     * just refreshed it anyway.
     */
    private static String skipLocked(String table, String alias) {
        return "and " + alias + ".id in (select id from " + table + " where id = any(?::uuid[]) for update skip locked)";
    }

    @Inject
    LivenessSettings settings;

    @Inject
    FleetSettings fleet;

    @Inject
    FleetEvents events;

    /** What the rules say should change now. */
    public record Judgement(int agents, int vms, List<FleetChange> changes) {
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Judgement judge(Instant now, Duration healthFailedAfter) {
        List<AgentState> agents = jdbc.query(AGENTS, LivenessService::agent);
        Map<UUID, LivenessThresholds> byAgent = new HashMap<>();
        List<FleetChange> changes = new ArrayList<>();
        for (AgentState a : agents) {
            LivenessThresholds t = settings.agent(a.ttlSeconds() == null ? fleet.agentTtl()
                    : Duration.ofSeconds(a.ttlSeconds()));
            byAgent.put(a.id(), t);
            LivenessRules.agent(a, now, t).ifPresent(changes::add);
        }
        LivenessThresholds helper = settings.vmHelper();
        List<VmState> vms = jdbc.query(VMS, LivenessService::vm);
        for (VmState v : vms) {
            LivenessThresholds inventory = byAgent.getOrDefault(v.agentId(), settings.agentDefault());
            LivenessRules.vmLiveness(v, now, helper, inventory).ifPresent(changes::add);
            LivenessRules.vmHealth(v, now, healthFailedAfter).ifPresent(changes::add);
        }
        return new Judgement(agents.size(), vms.size(), changes);
    }

    /** Applies the changes still valid (each state still what it was judged from); returns those applied. */
    @Transactional
    public List<FleetChange> apply(List<FleetChange> changes, Instant now, String actor) {
        OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        Set<UUID> applied = new HashSet<>();
        applied.addAll(update(SET_AGENT_LIVENESS, changes, "agent", "liveness", at));
        applied.addAll(update(SET_VM_LIVENESS, changes, "vm", "liveness", at));
        Set<UUID> health = update(SET_VM_HEALTH, changes, "vm", "health", null);
        List<FleetChange> done = changes.stream().filter(c -> c.kind().equals("health")
                ? health.contains(c.subjectId()) : applied.contains(c.subjectId())).toList();
        events.record(done.stream().map(c -> c.event(at, actor)).toList());
        return done;
    }

    private Set<UUID> update(String sql, List<FleetChange> changes, String subjectType, String kind, OffsetDateTime at) {
        List<FleetChange> these = changes.stream()
                .filter(c -> c.subjectType().equals(subjectType) && c.kind().equals(kind)).toList();
        if (these.isEmpty()) {
            return Set.of();
        }
        UUID[] ids = these.stream().map(FleetChange::subjectId).toArray(UUID[]::new);
        String[] from = these.stream().map(FleetChange::from).toArray(String[]::new);
        String[] to = these.stream().map(FleetChange::to).toArray(String[]::new);
        List<UUID> updated = at == null
                ? jdbc.query(sql, rs -> rs.getObject(1, UUID.class), ids, from, to, ids)
                : jdbc.query(sql, rs -> rs.getObject(1, UUID.class), at, ids, from, to, ids);
        return new HashSet<>(updated);
    }

    private static AgentState agent(ResultSet rs) throws SQLException {
        return new AgentState(rs.getObject(1, UUID.class), rs.getString(2), (Integer) rs.getObject(3),
                rs.getObject(4, OffsetDateTime.class), rs.getString(5));
    }

    private static VmState vm(ResultSet rs) throws SQLException {
        long uptime = rs.getLong(8);
        Long knownUptime = rs.wasNull() ? null : uptime;
        return new VmState(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getInt(4),
                rs.getString(5), rs.getString(6), rs.getBoolean(7), knownUptime,
                rs.getObject(9, OffsetDateTime.class), rs.getObject(10, OffsetDateTime.class), rs.getString(11),
                rs.getString(12));
    }
}
