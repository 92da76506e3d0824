package io.corral.fleet;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Remembers when this instance last recorded an agent's poll, so polls write at most once a second. */
@ApplicationScoped
public class LivenessMarks {
    private static final long INTERVAL_MILLIS = 1000;
    private final ConcurrentHashMap<UUID, Long> last = new ConcurrentHashMap<>();

    boolean due(UUID agentId) {
        long now = System.currentTimeMillis();
        Long previous = last.get(agentId);
        if (previous != null && now - previous < INTERVAL_MILLIS) {
            return false;
        }
        last.put(agentId, now);
        return true;
    }
}
