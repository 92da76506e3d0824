package io.corral.auth;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A key rotation as the API shows it. {@code remaining}: live credentials not under
 * {@code toVersion} when the rotation ended (given in the answer to the rotation itself).
 */
public record VaultRotationView(UUID id, int toVersion, String requestedBy, String status, OffsetDateTime startedAt,
                                OffsetDateTime finishedAt, int rotated, int skipped, int failed, Long remaining,
                                String error) {

    static VaultRotationView of(VaultRotation r, Long remaining) {
        return new VaultRotationView(r.id(), r.toVersion(), r.requestedBy(), r.status(), r.startedAt(),
                r.finishedAt(), r.rowsRotated(), r.rowsSkipped(), r.rowsFailed(), remaining, r.error());
    }
}
