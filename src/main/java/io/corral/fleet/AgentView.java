package io.corral.fleet;

import io.corral.platform.json.Jsons;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * An agent as the API shows it: never its token. {@code status} (online within its TTL, else offline)
 * is what enqueue goes by; {@code liveness} is the health check's finer judgement. {@code capabilities} is null until its first
 * heartbeat; {@code health} is what the agent measured of itself (heap, in-flight commands,
 * workers, outbox), null when it sent none.
 */
public record AgentView(UUID id, String name, String description, String status, String liveness,
                        OffsetDateTime livenessSince, OffsetDateTime lastSeenAt,
                        int ttlSeconds, String version, List<String> capabilities, OffsetDateTime startedAt,
                        Integer heartbeatSeconds, JsonValue health, Pve pve, OffsetDateTime createdAt,
                        OffsetDateTime tokenRotatedAt) {

    public record Pve(Boolean reachable, String version, String error) {
    }

    public static AgentView of(Agent a, OffsetDateTime now, Duration defaultTtl) {
        int ttl = a.getTtlSeconds() == null ? (int) defaultTtl.toSeconds() : a.getTtlSeconds();
        return new AgentView(a.getId(), a.getName(), a.getDescription(), a.statusAt(now, defaultTtl).value(),
                a.getLiveness(), a.getLivenessSince(), a.getLastSeenAt(), ttl, a.getVersion(), a.capabilities().orElse(null), a.getStartedAt(),
                a.getHeartbeatSeconds(), json(a.getHealth()), new Pve(a.getPveReachable(), a.getPveVersion(),
                a.getPveError()), a.getCreatedAt(), a.getTokenRotatedAt());
    }

    private static JsonValue json(String text) {
        if (text == null) {
            return JsonValue.NULL;
        }
        try (var reader = Jsons.JSON.createReader(new StringReader(text))) {
            return reader.readValue();
        }
    }
}
