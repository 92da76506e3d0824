package io.corral.command;

import io.corral.platform.error.ValidationProblem;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.Map;

/** Validation of an enqueue request, field by field, into 400s that name the field. */
final class EnqueueRules {
    static final Duration MAX_EXPIRY = Duration.ofDays(7);

    private EnqueueRules() {
    }

    static CommandType type(String name) {
        if (name == null || name.isBlank()) {
            throw new ValidationProblem("type", "is required");
        }
        return CommandTypes.find(name).orElseThrow(() -> new ValidationProblem("type",
                "unknown command type '" + name + "'; known: " + String.join(", ", CommandTypes.names())));
    }

    static void payload(CommandType type, JsonObject payload) {
        for (Map.Entry<String, CommandType.FieldKind> field : type.required().entrySet()) {
            JsonValue v = payload.get(field.getKey());
            if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
                throw new ValidationProblem("payload." + field.getKey(), "is required for " + type.name());
            }
            if (!matches(v, field.getValue())) {
                throw new ValidationProblem("payload." + field.getKey(),
                        "must be " + field.getValue().name().toLowerCase() + " for " + type.name());
            }
        }
    }

    private static boolean matches(JsonValue v, CommandType.FieldKind kind) {
        return switch (kind) {
            case STRING -> v.getValueType() == JsonValue.ValueType.STRING;
            case INTEGER -> v.getValueType() == JsonValue.ValueType.NUMBER
                    && ((jakarta.json.JsonNumber) v).isIntegral();
            case OBJECT -> v.getValueType() == JsonValue.ValueType.OBJECT;
            case ARRAY -> v.getValueType() == JsonValue.ValueType.ARRAY;
            case BOOLEAN -> v == JsonValue.TRUE || v == JsonValue.FALSE;
        };
    }

    static int priority(Integer p) {
        if (p == null) {
            return 5;
        }
        if (p < 0 || p > 9) {
            throw new ValidationProblem("priority", "must be 0-9 (higher first)");
        }
        return p;
    }

    static OffsetDateTime expiresAt(Integer expiresIn, OffsetDateTime expiresAt, int defaultSeconds,
                                    OffsetDateTime now) {
        if (expiresIn != null && expiresAt != null) {
            throw new ValidationProblem("expiresIn", "give expiresIn or expiresAt, not both");
        }
        OffsetDateTime at = expiresAt != null ? expiresAt
                : now.plusSeconds(expiresIn != null ? expiresIn : defaultSeconds);
        String field = expiresAt != null ? "expiresAt" : "expiresIn";
        if (!at.isAfter(now)) {
            throw new ValidationProblem(field, "must be in the future");
        }
        if (at.isAfter(now.plus(MAX_EXPIRY))) {
            throw new ValidationProblem(field, "at most 7 days ahead");
        }
        return at;
    }

    static int bounded(String field, Integer value, int min, int max, int fallback) {
        if (value == null) {
            return fallback;
        }
        if (value < min || value > max) {
            throw new ValidationProblem(field, "must be between " + min + " and " + max);
        }
        return value;
    }

    static String key(String field, String value) {
        if (value == null) {
            return null;
        }
        if (value.isBlank() || value.length() > 200) {
            throw new ValidationProblem(field, "must be 1-200 characters");
        }
        return value;
    }

    /** Explicit key, or for read-only types a digest of (type, payload) so equal reads share a command. */
    static String dedupeKey(String bodyKey, String headerKey, CommandType type, String canonicalPayload) {
        String body = key("dedupeKey", bodyKey);
        String header = key("Idempotency-Key", headerKey);
        if (body != null && header != null && !body.equals(header)) {
            throw new ValidationProblem("dedupeKey", "differs from the Idempotency-Key header");
        }
        String explicit = body != null ? body : header;
        if (explicit != null) {
            return explicit;
        }
        return type.readOnly() ? "auto:" + sha256(type.name() + "\n" + canonicalPayload) : null;
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
