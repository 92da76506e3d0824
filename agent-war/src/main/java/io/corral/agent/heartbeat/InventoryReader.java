package io.corral.agent.heartbeat;

import io.corral.agent.pve.PveClient;
import io.corral.agent.pve.PveException;
import io.corral.agent.pve.PveGuest;
import io.corral.agent.pve.PveNode;
import java.util.List;

/** Reads the node and guest inventory from Proxmox; a failure becomes an unreachable inventory. */
public class InventoryReader {

    private final PveClient pve;

    public InventoryReader(PveClient pve) {
        this.pve = pve;
    }

    /** Three calls: version, nodes, every guest of the cluster. Never throws. */
    public Inventory read() {
        try {
            String version = pve.version().version();
            List<PveNode> nodes = pve.nodes();
            List<PveGuest> guests = pve.guests();
            return Inventory.reachable(version, nodes, guests);
        } catch (PveException e) {
            return Inventory.unreachable(e.shortReason());
        } catch (RuntimeException e) {
            // A malformed answer must not stop the heartbeat: report it as the reason instead.
            return Inventory.unreachable("unreadable answer: " + e);
        }
    }
}
