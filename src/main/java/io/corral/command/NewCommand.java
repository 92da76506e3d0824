package io.corral.command;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A validated command about to be queued. {@code payload} is canonical JSON text. */
public record NewCommand(UUID agentId, String type, String payload, int priority, String dedupeKey, String lockKey,
                  int maxAttempts, OffsetDateTime expiresAt, int staleAfterSeconds, String createdBy, String[] lockKeys) {
}
