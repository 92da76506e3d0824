package io.corral.agent.executor.proxmox;

import io.corral.agent.executor.CommandFailure;
import io.corral.agent.executor.Payload;
import io.corral.agent.pve.PveClient;
import io.corral.agent.pve.PveException;
import io.corral.agent.pve.PveGuest;
import java.util.Optional;

/** Finds the guest a payload names: {@code node}, {@code vmid}, and {@code type} or a cluster lookup. */
final class Guests {

    /** The guest as the payload names it; {@code type} is empty when Proxmox must be asked. */
    record Address(String node, int vmid, Optional<String> type) {
    }

    private Guests() {
    }

    /** Reads and checks {@code node}, {@code vmid} and {@code type?}; asks nobody. */
    static Address address(Payload payload) throws CommandFailure {
        return new Address(payload.node("node"), payload.vmid("vmid"), payload.optionalGuestType("type"));
    }

    /** The guest; without a type, asks {@code /cluster/resources}. */
    static GuestRef resolve(PveClient pve, Address address) throws CommandFailure {
        if (address.type().isPresent()) {
            return new GuestRef(address.node(), address.vmid(), address.type().get());
        }
        try {
            return lookUp(pve, address.node(), address.vmid());
        } catch (PveException e) {
            throw CommandFailure.of(e);
        }
    }

    /** The guest in {@code /cluster/resources}; GUEST_NOT_FOUND when absent or on another node. */
    static GuestRef lookUp(PveClient pve, String node, int vmid) throws PveException, CommandFailure {
        PveGuest guest = find(pve, vmid).orElseThrow(() -> notFound(vmid));
        return new GuestRef(node, vmid, onNode(guest, node).type());
    }

    /** The guest itself, checked to be on {@code node}. */
    static PveGuest onNode(PveGuest guest, String node) throws CommandFailure {
        if (!node.equals(guest.node())) {
            throw new CommandFailure(CommandFailure.GUEST_NOT_FOUND,
                    "guest " + guest.vmid() + " is on node " + guest.node() + ", not " + node);
        }
        return guest;
    }

    static CommandFailure notFound(int vmid) {
        return new CommandFailure(CommandFailure.GUEST_NOT_FOUND, "no guest with VMID " + vmid + " in the cluster");
    }

    static Optional<PveGuest> find(PveClient pve, int vmid) throws PveException {
        return pve.guests().stream().filter(g -> g.vmid() == vmid).findFirst();
    }
}
