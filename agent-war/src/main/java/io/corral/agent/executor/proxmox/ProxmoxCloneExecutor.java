package io.corral.agent.executor.proxmox;

import io.corral.agent.clone.CloneGate;
import io.corral.agent.clone.CloneGateStats;
import io.corral.agent.clone.CloneSlot;
import io.corral.agent.executor.CommandContext;
import io.corral.agent.executor.CommandFailure;
import io.corral.agent.executor.Payload;
import io.corral.agent.executor.Progress;
import io.corral.agent.pve.PveException;
import io.corral.agent.pve.PveGuest;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

/**
 * {@code proxmox.clone} {@code {"node","vmid","newid","type"?,"name"?,"full"?,"target"?,"storage"?,
 * "pool"?,"description"?,"slotWaitSeconds"?}}: clones guest {@code vmid} on {@code node} to
 * {@code newid}, which the control plane reserved ({@code /cluster/nextid} is never asked). The clone
 * goes through the {@link CloneGate}: one clone per source at a time, a bounded number per storage;
 * the slot is held until the clone task has stopped.
 *
 * <p>Result: {@code {"node","vmid","newid","type","name","target","upid","exitstatus","durationMs",
 * "slotWaitMs"}} (+ {@code "warnings","logTail"}). Failures: {@code VMID_IN_USE},
 * {@code GUEST_NOT_FOUND}, {@code CLONE_QUEUE_FULL}, {@code CLONE_SLOT_TIMEOUT}, {@code PVE_LOCKED}
 * (a lock held outside the gate, after the retries), {@code PVE_TASK_FAILED}. A cancel while the task
 * runs stops it and makes sure the half-made guest is gone (destroying it if Proxmox left it); the
 * cancellation message says what was cleaned up.
 */
public final class ProxmoxCloneExecutor extends GuestExecutor<CloneOptions> {

    public static final String TYPE = "proxmox.clone";

    private static final Logger LOG = Logger.getLogger(ProxmoxCloneExecutor.class.getName());

    private final PveTasks tasks;
    private final CloneGate gate;
    private final HalfMadeGuests halfMade;

    public ProxmoxCloneExecutor(PveTasks tasks, CloneGate gate) {
        super(TYPE, tasks.pve());
        this.tasks = tasks;
        this.gate = gate;
        this.halfMade = new HalfMadeGuests(tasks);
    }

    @Override
    protected CloneOptions options(Payload payload) throws CommandFailure {
        return CloneOptions.read(payload);
    }

    /** The source (it must be on its node) and a check that the new VMID is free, in one lookup. */
    @Override
    protected GuestRef resolve(Guests.Address source, CloneOptions options) throws CommandFailure {
        List<PveGuest> guests;
        try {
            guests = pve.guests();
        } catch (PveException e) {
            throw CommandFailure.of(e);
        }
        PveGuest found = Guests.onNode(guests.stream().filter(g -> g.vmid() == source.vmid()).findFirst()
                .orElseThrow(() -> Guests.notFound(source.vmid())), source.node());
        if (source.type().isPresent() && !source.type().get().equals(found.type())) {
            throw CommandFailure.invalidPayload("type", "guest " + source.vmid() + " is " + found.type() + ", not "
                    + source.type().get());
        }
        Optional<PveGuest> taken = guests.stream().filter(g -> g.vmid() == options.newid()).findFirst();
        if (taken.isPresent()) {
            throw new CommandFailure(CommandFailure.VMID_IN_USE, "VMID " + options.newid() + " is taken ("
                    + taken.get().type() + " " + taken.get().name() + " on " + taken.get().node() + ")");
        }
        return new GuestRef(source.node(), source.vmid(), found.type());
    }

    @Override
    protected JsonObject run(CommandContext context, GuestRef guest, CloneOptions options) throws CommandFailure {
        String node = guest.node();
        int newid = options.newid();
        Duration slotWait = options.slotWait().orElse(tasks.settings().cloneSlotWait());
        String storage = options.storage().orElse(null);
        Map<String, String> params = options.params(guest);
        String what = TYPE + " " + guest.label() + " to " + newid;
        for (int attempt = 0; ; attempt++) {
            long waitStart = System.nanoTime();
            CloneSlot slot = acquire(context, guest, storage, slotWait);
            long slotWaitMs = Duration.ofNanos(System.nanoTime() - waitStart).toMillis();
            String upid;
            try {
                upid = pve.postForTask(guest.path() + "/clone", params);
            } catch (PveException e) {
                slot.release(); // no task: nothing holds the source
                PveTasks.checkInterrupted();
                if (PveErrors.isAlreadyExists(e)) {
                    throw new CommandFailure(CommandFailure.VMID_IN_USE, "VMID " + newid + " is taken: "
                            + e.shortReason());
                }
                if (PveErrors.isLock(e)) {
                    tasks.backOffOrFail(context, attempt, what + ": " + e.shortReason(),
                            PveErrors.isTransientLock(e.getMessage()));
                    continue;
                }
                throw PveErrors.failure(e, guest);
            } catch (RuntimeException e) {
                slot.release();
                throw e;
            }
            slot.holdUntilStopped(upid);
            context.progress(new Progress(what + ": clone task started", upid, null));
            // If this throws (agent stopping, Proxmox unreachable), the gate's watcher still holds
            // the slot until the task stops.
            TaskOutcome outcome = tasks.await(context, node, upid, what, null, true);
            if (outcome.stopped()) {
                slot.taskStopped();
            }
            switch (outcome.kind()) {
                case OK, WARNINGS -> {
                    return result(guest, options, outcome, slotWaitMs);
                }
                case CANCELLED -> {
                    String cleanup = outcome.stopped() ? removeHalfMade(guest, newid)
                            : "the task still runs, its clone slot stays held until it stops; guest " + newid
                                    + " may remain";
                    context.progress(new Progress("cancelled: " + cleanup, upid, null));
                    throw PveTasks.cancelled(what, outcome, cleanup);
                }
                case LOCKED -> {
                    String cleanup = removeHalfMade(guest, newid);
                    LOG.info(() -> what + ": " + outcome.exitstatus() + "; " + cleanup);
                    tasks.backOffOrFail(context, attempt, what + ": " + outcome.describe(), true);
                }
                default -> {
                    String cleanup = removeHalfMade(guest, newid);
                    CommandFailure failed = PveTasks.taskFailed(what, outcome);
                    throw new CommandFailure(failed.code(), failed.getMessage() + "\n(" + cleanup + ")");
                }
            }
        }
    }

    private CloneSlot acquire(CommandContext context, GuestRef guest, String storage, Duration wait)
            throws CommandFailure {
        CloneGateStats stats = gate.stats();
        context.progress(Progress.message("waiting for a clone slot (source " + CloneGate.templateKey(guest.node(),
                guest.vmid()) + ", storage " + CloneGate.storageKey(storage) + "; " + stats.queued() + " queued, "
                + stats.running() + " running)"));
        try {
            return gate.acquire(guest.node(), guest.vmid(), storage, wait, context::cancelled);
        } catch (CloneGate.QueueFullException e) {
            throw new CommandFailure(CommandFailure.CLONE_QUEUE_FULL, e.getMessage() + "; try again later");
        } catch (TimeoutException e) {
            throw new CommandFailure(CommandFailure.CLONE_SLOT_TIMEOUT, e.getMessage());
        } catch (CancellationException e) {
            throw CommandFailure.cancelled("cancelled while waiting for a clone slot; nothing was started");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure(CommandFailure.AGENT_STOPPED, "the agent stopped before the command finished");
        }
    }

    /**
     * After a clone task stopped without success: makes sure the half-made guest {@code newid} is
     * gone (see {@link HalfMadeGuests}). Says what was found and done.
     */
    String removeHalfMade(GuestRef source, int newid) {
        return halfMade.remove(new GuestRef(source.node(), newid, source.type()));
    }

    private static JsonObject result(GuestRef guest, CloneOptions options, TaskOutcome outcome, long slotWaitMs) {
        JsonObjectBuilder json = options.addTo(guest.toJson(), guest);
        outcome.toJson().build().forEach(json::add);
        return json.add("slotWaitMs", slotWaitMs).build();
    }
}
