package io.corral.relay;

import java.util.UUID;

/** Which guest a relay reaches, and through which agent. */
public record RelayTarget(UUID relayId, UUID vmId, UUID agentId, String node, int vmid, String vmName) {
}
