package io.corral.fleet;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** {@code GET /api/v1/vms/{id}/metrics}: the guest, the range read, and its points oldest first. */
public record VmMetricsView(UUID vm, UUID agentId, int vmid, Instant since, Instant until, Integer step,
                            List<MetricPointView> points, int total) {
}
