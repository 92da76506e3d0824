package io.corral.auth;

import jakarta.json.JsonObject;
import jakarta.validation.constraints.Size;

import java.util.UUID;

/**
 * The body of {@code POST /api/auth/credentials/store} from the in-VM helper: the session, its
 * provider (must match the session's) and the credentials (a non-empty JSON object, at most 64 KiB).
 */
public record SessionCredentialsRequest(UUID sessionId, @Size(max = 63) String provider, JsonObject credentials) {
}
