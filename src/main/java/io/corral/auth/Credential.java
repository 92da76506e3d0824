package io.corral.auth;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A row of {@code credential} without its secret (nonce and ciphertext are read only to open it). */
public record Credential(UUID id, String provider, UUID sessionId, String label, CredentialStatus status,
                         String statusReason, OffsetDateTime expiresAt, int keyVersion, OffsetDateTime createdAt,
                         String createdBy, OffsetDateTime validatedAt, OffsetDateTime deletedAt, String deletedBy) {

    static final String COLUMNS = "id, provider, session_id, label, status, status_reason, expires_at, key_version, "
            + "created_at, created_by, validated_at, deleted_at, deleted_by";

    public boolean deleted() {
        return deletedAt != null;
    }

    static Credential map(ResultSet rs) throws SQLException {
        return new Credential(rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, UUID.class),
                rs.getString(4), CredentialStatus.parse(rs.getString(5)), rs.getString(6),
                rs.getObject(7, OffsetDateTime.class), rs.getInt(8), rs.getObject(9, OffsetDateTime.class),
                rs.getString(10), rs.getObject(11, OffsetDateTime.class), rs.getObject(12, OffsetDateTime.class),
                rs.getString(13));
    }
}
