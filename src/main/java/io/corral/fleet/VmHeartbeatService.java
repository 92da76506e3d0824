package io.corral.fleet;

import io.corral.platform.error.AccessProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.logging.Logger;

/** Heartbeats from the helper inside a guest: health, liveness and activity, with their fleet events. */
@ApplicationScoped
public class VmHeartbeatService {
    private static final Logger LOG = Logger.getLogger(VmHeartbeatService.class.getName());
    static final String REASON = "helper heartbeat";

    @Inject
    Clock clock;

    @Inject
    VmHeartbeatStore store;

    @Inject
    VmTokenStore tokens;

    @Inject
    FleetEvents events;

    @Inject
    VmHelperSettings settings;

    /**
     * Records one heartbeat in one transaction: {@code last_heartbeat_at} now, activity moved forward,
     * health {@code ok}; a guest whose health was failed or unknown is online again, each change with
     * its fleet event.
     *
     * @param tokenHash the SHA-256 of the token the request came with: checked again here, so a token
     *                  revoked or rotated a moment ago on another instance is refused
     * @throws AccessProblem 401 when the token is no longer the guest's
     */
    @Transactional
    public VmHeartbeatView beat(UUID vmId, String tokenHash, VmHeartbeatRequest body) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        OffsetDateTime activeAt = VmHeartbeatRules.activeAt(body, now, settings.maxSkew());
        if (!tokens.use(vmId, tokenHash, now)) {
            throw AccessProblem.unauthorized("Unknown or revoked token");
        }
        VmHeartbeatStore.Beat b = store.beat(vmId, now, activeAt)
                .orElseThrow(() -> AccessProblem.unauthorized("Unknown or revoked token"));
        List<FleetEvent> changes = new ArrayList<>(2);
        if (!Objects.equals(b.healthBefore(), b.health())) {
            changes.add(FleetEvent.vm(now, vmId, b.name(), b.agentId(), "health", b.healthBefore(), b.health(),
                    REASON, "vm:" + vmId));
        }
        if (!Objects.equals(b.livenessBefore(), b.liveness())) {
            changes.add(FleetEvent.vm(now, vmId, b.name(), b.agentId(), "liveness", b.livenessBefore(), b.liveness(),
                    REASON, "vm:" + vmId));
        }
        events.record(changes);
        if (!changes.isEmpty()) {
            LOG.info(() -> "VM helper heartbeat: vm=" + vmId + " health " + b.healthBefore() + " -> " + b.health()
                    + ", liveness " + b.livenessBefore() + " -> " + b.liveness());
        }
        return new VmHeartbeatView(vmId, b.health(), b.liveness(), b.lastHeartbeatAt(), b.lastActiveAt());
    }
}
