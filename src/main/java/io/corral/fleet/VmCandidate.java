package io.corral.fleet;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A guest a task may act on, with the figures it was chosen by.
 *
 * @param inactiveSince its latest sign of use (or, never used, when Corral first saw it)
 * @param idleLimitSeconds its own inactivity limit, null for the task's default
 */
public record VmCandidate(UUID id, UUID agentId, String agentName, String node, int vmid, String name, String status,
                          OffsetDateTime inactiveSince, Integer idleLimitSeconds) {

    public String label() {
        return (name == null ? "vm" : name) + " (" + node + "/" + vmid + ")";
    }
}
