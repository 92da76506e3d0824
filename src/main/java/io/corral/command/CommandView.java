package io.corral.command;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** A command as the user API shows it; {@code lockKeys} are the keys it holds (the caller's or the automatic ones). */
public record CommandView(UUID id, UUID agentId, String type, JsonValue payload, int priority, String status,
                          String dedupeKey, String lockKey, int attempt, int maxAttempts, OffsetDateTime expiresAt,
                          OffsetDateTime leaseExpiresAt, int staleAfterSeconds, boolean cancelRequested,
                          JsonValue result, JsonValue error, JsonValue progress, String upid, String createdBy,
                          OffsetDateTime createdAt, OffsetDateTime leasedAt, OffsetDateTime startedAt,
                          OffsetDateTime progressAt, OffsetDateTime finishedAt, List<String> lockKeys) {

    /** The command with its secrets hidden ({@link CommandSecrets}): what lists and answers show. */
    public static CommandView of(CommandRow r) {
        return shown(CommandSecrets.hidden(r));
    }

    /** The command as the row has it: secrets included unless the row was hidden already. */
    public static CommandView shown(CommandRow r) {
        JsonValue error = r.errorCode() == null ? JsonValue.NULL : CanonicalJson.JSON.createObjectBuilder()
                .add("code", r.errorCode()).add("message", r.errorMessage() == null ? "" : r.errorMessage()).build();
        return new CommandView(r.id(), r.agentId(), r.type(), CanonicalJson.parse(r.payload()), r.priority(),
                r.status().value(), r.dedupeKey(), r.lockKey(), r.attempt(), r.maxAttempts(), r.expiresAt(),
                r.leaseExpiresAt(), r.staleAfterSeconds(), r.cancelRequested(), CanonicalJson.parse(r.result()),
                error, CanonicalJson.parse(r.progress()), r.upid(), r.createdBy(), r.createdAt(), r.leasedAt(),
                r.startedAt(), r.progressAt(), r.finishedAt(), r.lockKeys());
    }

    /** What an agent receives on delivery. */
    public static JsonObject delivery(CommandRow r) {
        return CanonicalJson.JSON.createObjectBuilder()
                .add("id", r.id().toString())
                .add("type", r.type())
                .add("payload", CanonicalJson.parse(r.payload()))
                .add("priority", r.priority())
                .add("attempt", r.attempt())
                .add("lockKey", r.lockKey() == null ? JsonValue.NULL : CanonicalJson.JSON.createValue(r.lockKey()))
                .add("expiresAt", r.expiresAt().toString())
                .add("leaseExpiresAt", r.leaseExpiresAt() == null ? "" : r.leaseExpiresAt().toString())
                .build();
    }
}
