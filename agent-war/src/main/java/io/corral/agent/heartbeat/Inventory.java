package io.corral.agent.heartbeat;

import io.corral.agent.pve.PveGuest;
import io.corral.agent.pve.PveNode;
import java.util.List;

/**
 * What this agent could read from Proxmox in one tick. When Proxmox was unreachable, nodes and
 * guests are null (not empty): the control plane then keeps its last inventory instead of
 * concluding that every guest is gone.
 */
public record Inventory(boolean reachable, String pveVersion, String error, List<PveNode> nodes,
                        List<PveGuest> guests) {

    public static Inventory reachable(String pveVersion, List<PveNode> nodes, List<PveGuest> guests) {
        return new Inventory(true, pveVersion, null, List.copyOf(nodes), List.copyOf(guests));
    }

    public static Inventory unreachable(String error) {
        return new Inventory(false, null, error, null, null);
    }
}
