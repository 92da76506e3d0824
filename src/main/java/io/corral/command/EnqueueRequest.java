package io.corral.command;

import jakarta.json.JsonObject;

import java.time.OffsetDateTime;

/** The body of {@code POST /api/v1/commands}. */
public record EnqueueRequest(String agent, String type, JsonObject payload, Integer priority, Integer expiresIn,
                             OffsetDateTime expiresAt, String dedupeKey, String lockKey, Boolean queueIfOffline,
                             Integer staleAfterSeconds, Integer maxAttempts) {
}
