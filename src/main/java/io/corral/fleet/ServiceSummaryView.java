package io.corral.fleet;

import java.time.OffsetDateTime;

/** A service as {@code GET /api/v1/services} lists it: how many guests it is linked to now. */
public record ServiceSummaryView(String serviceId, int vms, OffsetDateTime lastLinkedAt) {
}
