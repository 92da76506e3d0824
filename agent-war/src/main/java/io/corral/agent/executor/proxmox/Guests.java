package io.corral.agent.executor.proxmox;

import io.corral.agent.executor.CommandFailure;
import io.corral.agent.executor.Payload;
import io.corral.agent.pve.PveClient;
import io.corral.agent.pve.PveException;
import io.corral.agent.pve.PveGuest;
import java.util.Optional;

/** Finds the guest a payload names: {@code node}, {@code vmid}, and {@code type} or a cluster lookup. */
final class Guests {

    private Guests() {
    }

    /** Reads {@code node}, {@code vmid} and {@code type}; without a type, asks {@code /cluster/resources}. */
    static GuestRef resolve(PveClient pve, Payload payload) throws CommandFailure {
        String node = payload.node("node");
        int vmid = payload.vmid("vmid");
        Optional<String> type = payload.optionalGuestType("type");
        if (type.isPresent()) {
            return new GuestRef(node, vmid, type.get());
        }
        try {
            return lookUp(pve, node, vmid);
        } catch (PveException e) {
            throw CommandFailure.of(e);
        }
    }

    /** The guest in {@code /cluster/resources}; GUEST_NOT_FOUND when absent or on another node. */
    static GuestRef lookUp(PveClient pve, String node, int vmid) throws PveException, CommandFailure {
        PveGuest guest = find(pve, vmid).orElseThrow(() -> new CommandFailure(CommandFailure.GUEST_NOT_FOUND,
                "no guest with VMID " + vmid + " in the cluster"));
        if (!node.equals(guest.node())) {
            throw new CommandFailure(CommandFailure.GUEST_NOT_FOUND,
                    "guest " + vmid + " is on node " + guest.node() + ", not " + node);
        }
        return new GuestRef(node, vmid, guest.type());
    }

    static Optional<PveGuest> find(PveClient pve, int vmid) throws PveException {
        return pve.guests().stream().filter(g -> g.vmid() == vmid).findFirst();
    }
}
