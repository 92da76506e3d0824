package io.corral.auth;

import jakarta.json.JsonObject;

import java.time.OffsetDateTime;
import java.util.UUID;

/** The answer to a reveal: the plaintext credentials with enough metadata to know what they are. */
public record RevealedCredentialView(UUID id, String provider, UUID sessionId, String label, int keyVersion,
                                     JsonObject credentials, String revealedBy, OffsetDateTime revealedAt) {
}
