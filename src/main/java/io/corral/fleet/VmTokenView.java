package io.corral.fleet;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A guest's helper token as the API shows it. {@code token} (the secret) is set only in the answer
 * to the issue or rotation that made it; everywhere else it is null.
 */
public record VmTokenView(UUID vmId, String token, OffsetDateTime createdAt, String createdBy,
                          OffsetDateTime rotatedAt, String rotatedBy, OffsetDateTime lastUsedAt) {

    VmTokenView withSecret(String secret) {
        return new VmTokenView(vmId, secret, createdAt, createdBy, rotatedAt, rotatedBy, lastUsedAt);
    }

    /** Never print the secret, whoever logs this record. */
    @Override
    public String toString() {
        return "VmTokenView[vmId=" + vmId + ", createdAt=" + createdAt + ", rotatedAt=" + rotatedAt + "]";
    }
}
