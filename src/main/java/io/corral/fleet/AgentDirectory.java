package io.corral.fleet;

import io.corral.platform.db.DirectDatabase;
import io.corral.platform.error.NotFoundProblem;
import io.corral.platform.rest.Ids;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the command bus asks about an agent on every enqueue and claim (who it is, what it can
 * do, whether it is alive), kept in memory: refreshed at once by heartbeats to this instance and
 * at most {@link #FRESH_MILLIS} late for heartbeats to others. An agent not heard of yet is
 * looked up every time, so its first heartbeat counts everywhere at once. Polls mark the agent
 * seen at most once a second per instance.
 */
@ApplicationScoped
public class AgentDirectory {
    static final long FRESH_MILLIS = 2000;
    private static final String COLUMNS = "select id, name, capabilities, last_seen_at, ttl_seconds from agent ";

    @Inject
    DirectDatabase database;

    @Inject
    FleetSettings settings;

    @Inject
    LivenessMarks marks;

    private final ConcurrentHashMap<UUID, Entry> byId = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, UUID> idsByName = new ConcurrentHashMap<>();

    /** An agent as the bus needs it; {@code capabilities} empty before its first heartbeat. */
    public record Entry(UUID id, String name, Optional<Set<String>> capabilities, OffsetDateTime lastSeenAt,
                        Integer ttlSeconds, long until) {
        /** Online: seen within its TTL (the agent's own, or the default). */
        public boolean onlineAt(OffsetDateTime now, java.time.Duration defaultTtl) {
            java.time.Duration ttl = ttlSeconds == null ? defaultTtl : java.time.Duration.ofSeconds(ttlSeconds);
            return lastSeenAt != null && lastSeenAt.plus(ttl).isAfter(now);
        }

    }

    /** Created at deployment, where its data source can be injected. */
    public void ready() {
        // Calling any method creates the bean.
    }

    /** The agent by id or name; 404 when there is none. */
    public Entry find(String idOrName) {
        long now = System.currentTimeMillis();
        if (Ids.isUuid(idOrName)) {
            UUID id = Ids.parse("agent", idOrName);
            return entry(id, now).orElseThrow(() -> new NotFoundProblem("Agent", id));
        }
        UUID id = idsByName.get(idOrName);
        Entry cached = id == null ? null : byId.get(id);
        if (cached != null && cached.until() > now && cached.name().equals(idOrName)) {
            return cached;
        }
        return load(COLUMNS + "where name = ?", idOrName, now).orElseThrow(() -> new NotFoundProblem("Agent", idOrName));
    }

    /** Whether the agent is online for enqueue now (seen within its TTL). */
    public boolean online(Entry agent) {
        return agent.onlineAt(OffsetDateTime.now(), settings.agentTtl());
    }

    /** The command types this agent advertised in its last heartbeat; empty before its first one. */
    public Optional<Set<String>> capabilities(UUID agentId) {
        return entry(agentId, System.currentTimeMillis()).flatMap(Entry::capabilities);
    }

    /** Records that the agent polled (its sign of life between heartbeats), at most once a second. */
    public void polled(UUID agentId) {
        if (marks.due(agentId)) {
            database.inTransaction(jdbc -> jdbc.update("update agent set last_seen_at = now() where id = ?", agentId));
        }
    }

    private Optional<Entry> entry(UUID id, long now) {
        Entry e = byId.get(id);
        if (e != null && e.until() > now) {
            return Optional.of(e);
        }
        Optional<Entry> loaded = load(COLUMNS + "where id = ?", id, now);
        if (loaded.isEmpty()) {
            byId.remove(id);
        }
        return loaded;
    }

    private Optional<Entry> load(String sql, Object key, long now) {
        Optional<Entry> loaded = database.inTransaction(jdbc -> jdbc.one(sql, rs -> read(rs, now), key));
        loaded.ifPresent(e -> {
            byId.put(e.id(), e);
            idsByName.put(e.name(), e.id());
        });
        return loaded;
    }

    private static Entry read(ResultSet rs, long now) throws SQLException {
        return new Entry(rs.getObject(1, UUID.class), rs.getString(2),
                Agent.parseCapabilities(rs.getString(3)).map(Set::copyOf), rs.getObject(4, OffsetDateTime.class),
                rs.getObject(5, Integer.class), now + FRESH_MILLIS);
    }

    /** A heartbeat to this instance: what it advertises counts at once. */
    void heard(UUID agentId, List<String> capabilities) {
        byId.computeIfPresent(agentId, (k, e) -> new Entry(e.id(), e.name(),
                Optional.of(Set.copyOf(capabilities == null ? List.of() : capabilities)), OffsetDateTime.now(),
                e.ttlSeconds(), System.currentTimeMillis() + FRESH_MILLIS));
    }

    /** The agent was renamed, re-configured or deleted: look it up again. */
    public void forget(UUID agentId) {
        byId.remove(agentId);
    }
}
