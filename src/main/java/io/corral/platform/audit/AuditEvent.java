package io.corral.platform.audit;

import java.time.OffsetDateTime;

/**
 * One audited action.
 *
 * @param outcome {@code ok}, {@code denied} (the caller's role does not allow it) or {@code failed}
 */
public record AuditEvent(long id, OffsetDateTime at, String actor, String role, String action, String targetType,
                         String targetId, String outcome, String detail) {
}
