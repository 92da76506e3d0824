package io.corral.agent.heartbeat;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * The latest heartbeat as this agent saw it, for the health endpoint. Logs one line when the
 * control plane first accepts a heartbeat and whenever delivery or Proxmox reachability changes,
 * not on every tick.
 */
@ApplicationScoped
public class HeartbeatStatus {

    private static final Logger LOG = Logger.getLogger(HeartbeatStatus.class.getName());

    private volatile Instant lastHeartbeatAt;
    private volatile boolean lastHeartbeatOk;
    private volatile boolean pveReachable;
    private String deliveryState;
    private String pveState;

    public synchronized void record(Inventory inventory, HeartbeatOutcome outcome) {
        lastHeartbeatAt = outcome.at();
        lastHeartbeatOk = outcome.accepted();
        pveReachable = inventory.reachable();
        logPveChange(inventory);
        logDeliveryChange(outcome);
    }

    public Instant lastHeartbeatAt() {
        return lastHeartbeatAt;
    }

    public boolean lastHeartbeatOk() {
        return lastHeartbeatOk;
    }

    public boolean pveReachable() {
        return pveReachable;
    }

    private void logPveChange(Inventory inventory) {
        String state = inventory.reachable() ? "reachable" : inventory.error();
        if (Objects.equals(state, pveState)) {
            return;
        }
        pveState = state;
        if (inventory.reachable()) {
            LOG.info(() -> "Proxmox reachable: pve-manager " + inventory.pveVersion() + ", "
                    + inventory.nodes().size() + " node(s), " + inventory.guests().size() + " guest(s)");
        } else {
            LOG.warning(() -> "Proxmox not readable: " + inventory.error()
                    + " (heartbeats go on without inventory)");
        }
    }

    private void logDeliveryChange(HeartbeatOutcome outcome) {
        String state = outcome.summary();
        if (Objects.equals(state, deliveryState)) {
            return;
        }
        deliveryState = state;
        if (outcome.accepted()) {
            LOG.info(() -> "Heartbeat accepted by the control plane (" + outcome.summary()
                    + ", agentId=" + outcome.agentId() + ")");
        } else {
            LOG.warning(() -> "Heartbeat not accepted by the control plane: " + outcome.summary()
                    + (outcome.detail() == null ? "" : " - " + outcome.detail()));
        }
    }
}
