package io.corral.fleet;

import io.corral.platform.db.Jdbc;
import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each agent can do, as the command bus asks on every claim: kept in memory, refreshed
 * at once by heartbeats to this instance and at most {@link #FRESH_MILLIS} late for heartbeats
 * to others. An agent not heard of yet is looked up every time, so its first heartbeat counts
 * everywhere at once.
 */
@ApplicationScoped
public class AgentDirectory {
    static final long FRESH_MILLIS = 2000;

    @Inject
    Jdbc jdbc;
    private final ConcurrentHashMap<UUID, Entry> entries = new ConcurrentHashMap<>();

    private record Entry(Set<String> capabilities, long until) {
    }


    /** Created at deployment, where its data source can be injected. */
    public void ready() {
        // Calling any method creates the bean; its data source is checked when its Jdbc is made.
    }

    /** The command types this agent advertised in its last heartbeat; empty before its first one. */
    public Optional<Set<String>> capabilities(UUID agentId) {
        long now = System.currentTimeMillis();
        Entry e = entries.get(agentId);
        if (e != null && e.until() > now) {
            return Optional.of(e.capabilities());
        }
        Optional<Set<String>> loaded = jdbc.one("select capabilities from agent where id = ?",
                rs -> Agent.parseCapabilities(rs.getString(1)), agentId).flatMap(o -> o).map(Set::copyOf);
        loaded.ifPresentOrElse(c -> entries.put(agentId, new Entry(c, now + FRESH_MILLIS)),
                () -> entries.remove(agentId));
        return loaded;
    }

    void heard(UUID agentId, List<String> capabilities) {
        entries.put(agentId, new Entry(Set.copyOf(capabilities == null ? List.of() : capabilities),
                System.currentTimeMillis() + FRESH_MILLIS));
    }
}
