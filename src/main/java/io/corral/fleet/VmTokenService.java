package io.corral.fleet;

import io.corral.platform.error.NotFoundProblem;
import io.corral.platform.security.CallerResolver;
import io.corral.platform.security.Tokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Helper tokens of guests: issue or rotate (the secret is returned once), describe, revoke. Each
 * change writes a fleet event ({@code token}) in its own transaction; secrets are never logged.
 */
@ApplicationScoped
@Transactional
public class VmTokenService {
    private static final Logger LOG = Logger.getLogger(VmTokenService.class.getName());
    private static final String KIND = "token";

    @Inject
    Clock clock;

    @Inject
    VmTokenStore store;

    @Inject
    VmService vms;

    @Inject
    FleetEvents events;

    @Inject
    CallerResolver callers;

    /**
     * A new secret for the guest's helper. A token the guest had stops working when this commits
     * (on other instances the resolver's short cache may still admit it for non-heartbeat checks,
     * but a heartbeat re-checks the token in its own transaction).
     *
     * @return the token's view carrying the secret, which is not stored and cannot be read again
     * @throws NotFoundProblem when the guest is unknown
     */
    public VmTokenView issue(UUID vmId, String by) {
        Vm vm = vms.find(vmId).orElseThrow(() -> new NotFoundProblem("VM", vmId));
        String secret = Tokens.newSecret(Tokens.VM_PREFIX);
        OffsetDateTime now = OffsetDateTime.now(clock);
        VmTokenView stored = store.issue(vmId, Tokens.hash(secret), now, by);
        boolean rotated = stored.rotatedAt() != null; // set only when an existing token was replaced
        events.record(FleetEvent.vm(now, vmId, vm.getName(), vm.getAgentId(), KIND, rotated ? "active" : null,
                "active", rotated ? "helper token rotated" : "helper token issued", by));
        callers.forget();
        LOG.info(() -> "VM helper token " + (rotated ? "rotated" : "issued") + ": vm=" + vmId + " by=" + by);
        return stored.withSecret(secret);
    }

    /** When the guest's token was issued, rotated and last used; never the secret. */
    public VmTokenView describe(UUID vmId) {
        vms.find(vmId).orElseThrow(() -> new NotFoundProblem("VM", vmId));
        return store.find(vmId).orElseThrow(() -> new NotFoundProblem("Helper token of VM", vmId));
    }

    /** The guest's helper token stops working; 404 when the guest or its token does not exist. */
    public void revoke(UUID vmId, String by) {
        Vm vm = vms.find(vmId).orElseThrow(() -> new NotFoundProblem("VM", vmId));
        store.revoke(vmId).orElseThrow(() -> new NotFoundProblem("Helper token of VM", vmId));
        events.record(FleetEvent.vm(OffsetDateTime.now(clock), vmId, vm.getName(), vm.getAgentId(), KIND, "active",
                "revoked", "helper token revoked", by));
        callers.forget();
        LOG.info(() -> "VM helper token revoked: vm=" + vmId + " by=" + by);
    }
}
