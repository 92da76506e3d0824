package io.corral.fleet;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A guest as the API shows it. */
public record VmView(UUID id, UUID agentId, String node, int vmid, String type, String name, String status,
                     boolean template, String lock, Double cpu, Long mem, Long maxmem, Long maxdisk, Long uptime,
                     OffsetDateTime firstSeenAt, OffsetDateTime lastSeenAt) {

    public static VmView of(Vm v) {
        return new VmView(v.getId(), v.getAgentId(), v.getNode(), v.getVmid(), v.getType(), v.getName(),
                v.getStatus(), v.isTemplate(), v.getLock(), v.getCpu(), v.getMem(), v.getMaxmem(), v.getMaxdisk(),
                v.getUptime(), v.getFirstSeenAt(), v.getLastSeenAt());
    }
}
