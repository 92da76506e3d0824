package io.corral.agent.executor.proxmox;

import io.corral.agent.executor.CommandContext;
import io.corral.agent.executor.CommandFailure;
import io.corral.agent.executor.Payload;
import io.corral.agent.executor.Progress;
import io.corral.agent.pve.PveException;
import io.corral.agent.pve.PveGuest;
import io.corral.agent.pve.PveGuestStatus;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.Map;
import java.util.Optional;

/**
 * {@code proxmox.create} {@code {"node","vmid","type"?,"name"?,"cores"?,"sockets"?,"memory"?,"disks"?,
 * "rootfs"?,"net"?,"ostemplate"?,"storage"?,"start"?,"description"?}}: creates a VM ({@code type}
 * {@code qemu}, the default) or a container ({@code lxc}, which needs {@code ostemplate}) with the
 * VMID the control plane reserved, e.g. {@code "disks":{"scsi0":"local-lvm:32"},
 * "net":{"net0":"virtio,bridge=vmbr0"}}. The whole payload is checked before Proxmox is asked; a
 * taken VMID fails {@code VMID_IN_USE}. The create task ({@code qmcreate}/{@code vzcreate}) is
 * followed to its end with the typed outcomes of every task; then, with {@code start}, the guest is
 * started in a task of its own.
 *
 * <p>Result: {@code {"node","vmid","type","name","disks","net",…,"upid","exitstatus","durationMs",
 * "start","status"}} (+ {@code "warnings","logTail"}); {@code start} is the start task's
 * {@code {"upid","exitstatus","durationMs"}} or null. A cancel while the create runs stops the task and
 * makes sure no half-made guest remains; a failed start leaves the created guest in place and says so.
 */
public final class ProxmoxCreateExecutor extends GuestExecutor<CreateOptions> {

    public static final String TYPE = "proxmox.create";

    private final PveTasks tasks;
    private final HalfMadeGuests halfMade;

    public ProxmoxCreateExecutor(PveTasks tasks) {
        super(TYPE, tasks.pve());
        this.tasks = tasks;
        this.halfMade = new HalfMadeGuests(tasks);
    }

    @Override
    protected CreateOptions options(Payload payload) throws CommandFailure {
        return CreateOptions.read(payload);
    }

    /** The guest to be: its VMID must be free in the whole cluster. */
    @Override
    protected GuestRef resolve(Guests.Address address, CreateOptions options) throws CommandFailure {
        Optional<PveGuest> taken;
        try {
            taken = Guests.find(pve, address.vmid());
        } catch (PveException e) {
            throw CommandFailure.of(e);
        }
        if (taken.isPresent()) {
            throw new CommandFailure(CommandFailure.VMID_IN_USE, "VMID " + address.vmid() + " is taken ("
                    + taken.get().type() + " " + taken.get().name() + " on " + taken.get().node() + ")");
        }
        return new GuestRef(address.node(), address.vmid(), options.type());
    }

    @Override
    protected JsonObject run(CommandContext context, GuestRef guest, CreateOptions options) throws CommandFailure {
        Map<String, String> params = options.params(guest.vmid());
        String path = "/nodes/" + guest.node() + "/" + guest.type();
        String what = TYPE + " " + guest.label();
        for (int attempt = 0; ; attempt++) {
            String upid;
            try {
                upid = pve.postForTask(path, params);
            } catch (PveException e) {
                PveTasks.checkInterrupted();
                if (PveErrors.isAlreadyExists(e)) {
                    throw new CommandFailure(CommandFailure.VMID_IN_USE, "VMID " + guest.vmid() + " is taken: "
                            + e.shortReason());
                }
                if (PveErrors.isLock(e)) {
                    tasks.backOffOrFail(context, attempt, what + ": " + e.shortReason(),
                            PveErrors.isTransientLock(e.getMessage()));
                    continue;
                }
                throw CommandFailure.of(e);
            }
            context.progress(new Progress(what + ": create task started", upid, null));
            TaskOutcome outcome = tasks.await(context, guest.node(), upid, what, null, true);
            switch (outcome.kind()) {
                case OK, WARNINGS -> {
                    return created(context, guest, options, outcome);
                }
                case CANCELLED -> {
                    String cleanup = outcome.stopped() ? halfMade.remove(guest)
                            : "the task still runs; guest " + guest.vmid() + " may remain";
                    context.progress(new Progress("cancelled: " + cleanup, upid, null));
                    throw PveTasks.cancelled(what, outcome, cleanup);
                }
                case LOCKED -> {
                    halfMade.remove(guest);
                    tasks.backOffOrFail(context, attempt, what + ": " + outcome.describe(), true);
                }
                default -> {
                    String cleanup = halfMade.remove(guest);
                    CommandFailure failed = PveTasks.taskFailed(what, outcome);
                    throw new CommandFailure(failed.code(), failed.getMessage() + "\n(" + cleanup + ")");
                }
            }
        }
    }

    /** The guest exists: starts it when asked, then reports it. */
    private JsonObject created(CommandContext context, GuestRef guest, CreateOptions options, TaskOutcome outcome)
            throws CommandFailure {
        JsonObjectBuilder result = options.addTo(guest.toJson());
        outcome.toJson().build().forEach(result::add);
        if (options.start()) {
            result.add("start", start(context, guest, outcome.upid()).toJson());
        } else {
            result.addNull("start");
        }
        try {
            PveGuestStatus after = pve.guestStatus(guest.node(), guest.type(), guest.vmid());
            result.add("status", after.status() == null ? "unknown" : after.status());
        } catch (PveException e) {
            result.addNull("status");
        }
        return result.build();
    }

    private TaskOutcome start(CommandContext context, GuestRef guest, String createUpid) throws CommandFailure {
        String what = TYPE + " " + guest.label() + ": start";
        try {
            return tasks.run(context, guest, what,
                    () -> pve.postForTask(guest.path() + "/status/start", Map.of()));
        } catch (CommandFailure e) {
            String created = guest.label() + " was created (" + createUpid + ")";
            if (e.isCancellation()) {
                throw CommandFailure.cancelled(e.getMessage() + "; " + created + " and is left in place");
            }
            throw new CommandFailure(e.code(), created + " but did not start: " + e.getMessage());
        }
    }
}
