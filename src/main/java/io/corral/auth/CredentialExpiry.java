package io.corral.auth;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Set;

/**
 * The expiry that stored credentials state about themselves, if any: a field named like
 * {@code expiresAt} at the top level or one object down (OAuth tool files nest their tokens, e.g.
 * {@code {"claudeAiOauth":{"expiresAt":1767225600000}}}); ISO-8601 text or epoch seconds or
 * milliseconds. The earliest one found wins. Only the date is kept, never a value next to it.
 */
final class CredentialExpiry {
    private static final Set<String> NAMES = Set.of("expiresat", "expires_at", "expiry", "expiration",
            "expiry_date", "expirydate", "expires");
    /** Epoch numbers above this are milliseconds (it is 5138 in seconds, 1973 in milliseconds). */
    private static final long MILLIS_FROM = 100_000_000_000L;
    private static final Instant LATEST = Instant.parse("9999-12-31T00:00:00Z");

    private CredentialExpiry() {
    }

    static OffsetDateTime find(JsonObject credentials) {
        Instant earliest = null;
        for (var top : credentials.entrySet()) {
            earliest = earlier(earliest, field(top.getKey(), top.getValue()));
            if (top.getValue() instanceof JsonObject nested) {
                for (var inner : nested.entrySet()) {
                    earliest = earlier(earliest, field(inner.getKey(), inner.getValue()));
                }
            }
        }
        return earliest == null ? null : OffsetDateTime.ofInstant(earliest, ZoneOffset.UTC);
    }

    private static Instant field(String name, JsonValue value) {
        if (!NAMES.contains(name.toLowerCase(java.util.Locale.ROOT))) {
            return null;
        }
        try {
            Instant at = null;
            if (value instanceof JsonNumber n && n.isIntegral()) {
                long epoch = n.longValueExact();
                at = epoch >= MILLIS_FROM ? Instant.ofEpochMilli(epoch) : Instant.ofEpochSecond(epoch);
            } else if (value instanceof JsonString s) {
                at = OffsetDateTime.parse(s.getString()).toInstant();
            }
            return at == null || at.isBefore(Instant.EPOCH) || at.isAfter(LATEST) ? null : at;
        } catch (DateTimeException | ArithmeticException e) {
            return null;
        }
    }

    private static Instant earlier(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isBefore(b) ? a : b;
    }
}
