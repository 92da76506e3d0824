package io.corral.fleet;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One link of a service to a guest, current ({@code unlinkedAt} null) or ended.
 *
 * @param vmId   the guest's id; null while a clone's guest has not yet been reported by its agent
 * @param vmName the guest's name when it was linked
 * @param guest  {@code present} (the guest is in the inventory), {@code pending} (not reported yet)
 *               or {@code gone} (no longer in the inventory)
 */
public record ServiceLinkView(UUID id, String serviceId, UUID vmId, UUID agentId, int vmid, String vmName,
                              String guest, OffsetDateTime linkedAt, String linkedBy, OffsetDateTime unlinkedAt,
                              String unlinkedBy, String unlinkReason) {
}
