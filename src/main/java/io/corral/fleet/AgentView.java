package io.corral.fleet;

import io.corral.platform.rest.JsonbResolver;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** An agent as the API shows it: never its token. */
public record AgentView(UUID id, String name, String description, String status, OffsetDateTime lastSeenAt,
                        int ttlSeconds, String version, List<String> capabilities, OffsetDateTime startedAt,
                        Pve pve, OffsetDateTime createdAt, OffsetDateTime tokenRotatedAt) {

    public record Pve(Boolean reachable, String version, String error) {
    }

    @SuppressWarnings("unchecked")
    public static AgentView of(Agent a, OffsetDateTime now, Duration defaultTtl) {
        int ttl = a.getTtlSeconds() == null ? (int) defaultTtl.toSeconds() : a.getTtlSeconds();
        List<String> capabilities = a.getCapabilities() == null ? List.of()
                : JsonbResolver.LENIENT.fromJson(a.getCapabilities(), List.class);
        return new AgentView(a.getId(), a.getName(), a.getDescription(), a.statusAt(now, defaultTtl).value(),
                a.getLastSeenAt(), ttl, a.getVersion(), capabilities, a.getStartedAt(),
                new Pve(a.getPveReachable(), a.getPveVersion(), a.getPveError()), a.getCreatedAt(),
                a.getTokenRotatedAt());
    }
}
