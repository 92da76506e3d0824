package io.corral.auth;

import io.corral.platform.json.Jsons;
import io.corral.command.CommandRow;
import io.corral.command.CommandService;
import io.corral.command.CommandStatus;
import io.corral.command.EnqueueRequest;
import io.corral.fleet.Vm;
import io.corral.fleet.VmService;
import io.corral.fleet.VmidReservations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A session's browser VM through the command bus: its clone and start, and its stop and destroy
 * when the session times out or is cancelled. Runs in the caller's transaction, so a session
 * never records a command that was not queued, nor the other way round.
 */
@ApplicationScoped
public class AuthSessionVms {
    /** The start of the VM note of a session that ended while its clone was live. */
    static final String CLONE_CANCELLED = "clone cancelled before it finished";

    @Inject
    CommandService commands;

    @Inject
    VmidReservations vmids;

    @Inject
    VmService vms;

    @Inject
    AuthSettings settings;

    /** Reserves the VMID the session's VM is cloned to. */
    public int reserveVmid(UUID agentId, UUID sessionId) {
        return vmids.reserve(agentId, 1, "auth-session " + sessionId).get(0);
    }

    /** Queues the clone of the provider's template to the session's VMID (linked clone, Proxmox's default). */
    public CommandRow clone(AuthSession s) {
        JsonObject payload = Jsons.JSON.createObjectBuilder().add("node", s.node()).add("vmid", s.templateVmid())
                .add("newid", s.vmid()).add("name", s.vmName()).build();
        return enqueue(s, "proxmox.clone", payload, 5, "clone");
    }

    public CommandRow start(AuthSession s) {
        return enqueue(s, "proxmox.start", guest(s), 5, "start");
    }

    /** The commands of the session, by id, as they are now. */
    public CommandRow command(UUID id) {
        return id == null ? null : commands.get(List.of(id)).get(id);
    }

    /** Gives the VMID back after a failed clone, unless a guest holds it after all. */
    public void releaseVmid(AuthSession s) {
        vmids.releaseUnseen(s.agentId(), s.vmid());
    }

    /** The guest in the inventory, once the agent reports it. */
    public Optional<Vm> inventoryVm(AuthSession s) {
        return vms.find(s.agentId(), s.node(), s.vmid());
    }

    /** What {@link #end} did: the last command queued (null if none) and a note for the session. */
    public record Ended(UUID commandId, String note) {
    }

    /**
     * Ends the session's VM: cancels its clone or start while live, and once the clone has succeeded
     * queues {@code proxmox.stop} (if it may be running) then {@code proxmox.destroy} with purge, in
     * that order under the guest's lock key. Kept instead when {@code preserve} says why.
     */
    public Ended end(AuthSession s, String preserve, String actor) {
        if (preserve != null) {
            return new Ended(null, "VM kept (" + preserve + ")");
        }
        CommandRow clone = command(s.cloneCommandId());
        for (CommandRow live : liveOf(clone, command(s.startCommandId()))) {
            commands.cancelIfLive(live.id(), actor);
        }
        if (clone == null || clone.status() != CommandStatus.SUCCEEDED) {
            if (clone != null && clone.status().isFinal()) {
                releaseVmid(s);
            }
            return new Ended(null, clone == null || clone.status().isFinal() ? "no VM to destroy (clone "
                    + (clone == null ? "not queued" : clone.status().value()) + ")"
                    : CLONE_CANCELLED + "; no VM to destroy unless it completes anyway");
        }
        // The inventory lags behind the commands (a heartbeat later): a start that was queued counts.
        Optional<String> status = inventoryVm(s).map(Vm::getStatus);
        boolean mayRun = s.startCommandId() != null || status.isEmpty() || "running".equals(status.get())
                || "paused".equals(status.get());
        UUID last = null;
        if (mayRun) {
            last = enqueue(s, "proxmox.stop", guest(s), 6, "stop").id();
        }
        last = enqueue(s, "proxmox.destroy", Jsons.JSON.createObjectBuilder(guest(s)).add("purge", true).build(), 5,
                "destroy").id();
        return new Ended(last, "VM destroy queued: " + (mayRun ? "proxmox.stop then " : "") + "proxmox.destroy "
                + last);
    }

    private static List<CommandRow> liveOf(CommandRow... rows) {
        List<CommandRow> live = new ArrayList<>();
        for (CommandRow r : rows) {
            if (r != null && !r.status().isFinal()) {
                live.add(r);
            }
        }
        return live;
    }

    private static JsonObject guest(AuthSession s) {
        return Jsons.JSON.createObjectBuilder().add("node", s.node()).add("vmid", s.vmid()).build();
    }

    /** Only the clone refuses an offline agent (the start fails fast); later steps wait for it to return. */
    private CommandRow enqueue(AuthSession s, String type, JsonObject payload, int priority, String step) {
        boolean queueIfOffline = !type.equals("proxmox.clone");
        return commands.enqueue(new EnqueueRequest(s.agentId().toString(), type, payload, priority,
                settings.commandExpirySeconds(), null, "auth-session:" + s.id() + ":" + step, null, queueIfOffline,
                null, null),
                null, "auth-session " + s.id()).command();
    }
}
