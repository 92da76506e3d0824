package io.corral.fleet;

import java.time.OffsetDateTime;
import java.util.UUID;

/** The answer to a helper heartbeat: the guest's state after it. */
public record VmHeartbeatView(UUID vmId, String health, String liveness, OffsetDateTime lastHeartbeatAt,
                              OffsetDateTime lastActiveAt) {
}
