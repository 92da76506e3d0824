package io.corral.fleet;

import jakarta.json.bind.annotation.JsonbProperty;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A guest as the API shows it: the inventory's figures, and what Corral keeps of it — liveness,
 * helper health and activity, protection and hibernate policy ({@code idleLimitMinutes} null: the
 * hibernation task's default).
 */
public record VmView(UUID id, UUID agentId, String node, int vmid, String type, String name, String status,
                     boolean template, String lock, boolean hibernated, Double cpu, Long mem, Long maxmem,
                     Long maxdisk, Long uptime, OffsetDateTime firstSeenAt, OffsetDateTime lastSeenAt,
                     String liveness, OffsetDateTime livenessSince, String health, OffsetDateTime lastHeartbeatAt,
                     OffsetDateTime lastActiveAt, @JsonbProperty("protected") boolean protectedVm, String hibernatePolicy,
                     Integer idleLimitMinutes) {

    public static VmView of(Vm v) {
        return new VmView(v.getId(), v.getAgentId(), v.getNode(), v.getVmid(), v.getType(), v.getName(),
                v.getStatus(), v.isTemplate(), v.getLock(), v.isHibernated(), v.getCpu(), v.getMem(), v.getMaxmem(),
                v.getMaxdisk(), v.getUptime(), v.getFirstSeenAt(), v.getLastSeenAt(), v.getLiveness(),
                v.getLivenessSince(), v.getHealth(), v.getLastHeartbeatAt(), v.getLastActiveAt(), v.isProtected(),
                v.getHibernatePolicy(), v.getIdleLimitSeconds() == null ? null : v.getIdleLimitSeconds() / 60);
    }
}
