package io.corral.agent.executor.proxmox;

import io.corral.agent.executor.CancellationFlag;
import io.corral.agent.executor.CommandContext;
import io.corral.agent.executor.CommandFailure;
import io.corral.agent.executor.ProgressReporter;
import io.corral.agent.pve.PveException;
import io.corral.agent.pve.PveGuestStatus;
import jakarta.json.JsonValue;

/**
 * Makes sure a guest that a clone or create did not finish is gone. Proxmox normally removes it
 * itself; if it is still there and still marked as being made ({@code lock: clone}/{@code create}),
 * it is destroyed (a VM with {@code skiplock}; a container's lock cannot be cleared through the API,
 * so a locked one is reported). A guest without that mark is left alone: it is not (or no longer)
 * half-made.
 */
final class HalfMadeGuests {

    private final PveTasks tasks;

    HalfMadeGuests(PveTasks tasks) {
        this.tasks = tasks;
    }

    /** Says what was found and done about {@code guest}, for the command's message. */
    String remove(GuestRef guest) {
        int vmid = guest.vmid();
        PveGuestStatus status;
        try {
            status = tasks.pve().guestStatus(guest.node(), guest.type(), vmid);
        } catch (PveException e) {
            if (PveErrors.isMissingGuest(e)) {
                return "no half-made guest " + vmid + " remains";
            }
            return "could not check for a half-made guest " + vmid + ": " + e.shortReason();
        }
        if (!"clone".equals(status.lock()) && !"create".equals(status.lock())) {
            return "guest " + vmid + " exists but is not marked as being made (lock " + status.lock()
                    + "); left alone";
        }
        // A fresh context: the command's own is cancelled, and the clean-up must not be.
        CommandContext cleanup = new CommandContext("cleanup", JsonValue.EMPTY_JSON_OBJECT, ProgressReporter.NONE,
                new CancellationFlag());
        String upid;
        try {
            try {
                upid = tasks.pve().deleteForTask(guest.path() + "?purge=1");
            } catch (PveException e) {
                if (!PveErrors.isLock(e)) {
                    throw e;
                }
                if (!guest.isVm()) {
                    // Proxmox's API has no skiplock for containers: only the node's shell clears the lock.
                    return "half-made guest " + vmid + " could not be destroyed: " + e.shortReason()
                            + " (a container's lock is cleared on its node: pct unlock " + vmid + ")";
                }
                upid = tasks.pve().deleteForTask(guest.path() + "?purge=1&skiplock=1");
            }
        } catch (PveException e) {
            return "half-made guest " + vmid + " could not be destroyed: " + e.shortReason();
        }
        try {
            TaskOutcome end = tasks.await(cleanup, guest.node(), upid, "destroy half-made " + guest.label(),
                    tasks.settings().stopWait(), false);
            return end.succeeded() ? "half-made guest " + vmid + " destroyed by the agent (" + upid + ")"
                    : "destroying half-made guest " + vmid + " ended " + end.kind() + " (" + upid + ": "
                            + end.exitstatus() + ")";
        } catch (CommandFailure e) {
            return "destroying half-made guest " + vmid + " (" + upid + ") not confirmed: " + e.getMessage();
        }
    }
}
