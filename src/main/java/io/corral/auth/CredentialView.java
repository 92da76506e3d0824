package io.corral.auth;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A credential's metadata as the API shows it: never its secret. */
public record CredentialView(UUID id, String provider, UUID sessionId, String label, String status,
                             String statusReason, OffsetDateTime expiresAt, int keyVersion, OffsetDateTime createdAt,
                             String createdBy, OffsetDateTime validatedAt, OffsetDateTime deletedAt) {

    static CredentialView of(Credential c) {
        return new CredentialView(c.id(), c.provider(), c.sessionId(), c.label(), c.status().value(),
                c.statusReason(), c.expiresAt(), c.keyVersion(), c.createdAt(), c.createdBy(), c.validatedAt(),
                c.deletedAt());
    }
}
