package io.corral.auth;

import jakarta.json.JsonObject;
import jakarta.validation.constraints.Size;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * The body of {@code POST /api/v1/credentials}: {@code provider} and {@code credentials} (a
 * non-empty JSON object, at most 64 KiB) are required; {@code expiresAt} overrides the expiry
 * found in the credentials.
 */
public record StoreCredentialRequest(@Size(max = 63) String provider, UUID sessionId, @Size(max = 200) String label,
                                     OffsetDateTime expiresAt, JsonObject credentials) {
}
