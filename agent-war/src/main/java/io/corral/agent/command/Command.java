package io.corral.agent.command;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * A command delivered by {@code GET …/commands/next}. {@code payload} is kept as sent (an
 * executor validates it); unknown fields of the delivery are ignored.
 */
public record Command(String id, String type, JsonValue payload, int priority, int attempt,
                      String lockKey, String expiresAt, String leaseExpiresAt) {

    // Ids become file names in the outbox and path segments: accept UUID-like ids only.
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,99}");

    /** The command, or null when the entry has no usable id or type. */
    public static Command fromJson(JsonObject json) {
        String id = text(json, "id");
        String type = text(json, "type");
        if (!isSafeId(id) || type == null || type.isBlank()) {
            return null;
        }
        JsonValue payload = json.get("payload");
        return new Command(id, type, payload == null ? JsonValue.NULL : payload,
                number(json, "priority", 5), number(json, "attempt", 1), text(json, "lockKey"),
                text(json, "expiresAt"), text(json, "leaseExpiresAt"));
    }

    public static boolean isSafeId(String id) {
        return id != null && SAFE_ID.matcher(id).matches();
    }

    /** When the lease ends, or {@code fallback} when the server did not say (or said nonsense). */
    public Instant leaseDeadline(Instant fallback) {
        if (leaseExpiresAt == null) {
            return fallback;
        }
        try {
            return Instant.parse(leaseExpiresAt);
        } catch (DateTimeParseException e) {
            return fallback;
        }
    }

    private static String text(JsonObject json, String key) {
        return json.get(key) instanceof JsonString s ? s.getString() : null;
    }

    private static int number(JsonObject json, String key, int fallback) {
        return json.get(key) instanceof JsonNumber n ? n.intValue() : fallback;
    }
}
