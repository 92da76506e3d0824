package io.corral.fleet;

import java.util.UUID;

/**
 * What the console's VM list is filtered by; null means "any". {@code text} matches a name (part of it,
 * any case) or, when it is a number, a VMID.
 */
public record VmSearch(UUID agentId, String node, String status, String liveness, Boolean template,
                       Boolean protectedVm, String text) {

    public static VmSearch any() {
        return new VmSearch(null, null, null, null, null, null, null);
    }
}
