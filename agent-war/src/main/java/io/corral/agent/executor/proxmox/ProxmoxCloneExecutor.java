package io.corral.agent.executor.proxmox;

import io.corral.agent.clone.CloneGate;
import io.corral.agent.executor.CancellationFlag;
import io.corral.agent.executor.CommandContext;
import io.corral.agent.executor.CommandExecutor;
import io.corral.agent.executor.CommandFailure;
import io.corral.agent.executor.Payload;
import io.corral.agent.executor.Progress;
import io.corral.agent.executor.ProgressReporter;
import io.corral.agent.pve.PveException;
import io.corral.agent.pve.PveGuest;
import io.corral.agent.pve.PveGuestStatus;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;
import java.util.regex.Pattern;

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
public final class ProxmoxCloneExecutor implements CommandExecutor {

    public static final String TYPE = "proxmox.clone";

    private static final Logger LOG = Logger.getLogger(ProxmoxCloneExecutor.class.getName());
    // PVE's formats: pve-storage-id, pve-poolid, dns-name.
    private static final Pattern STORAGE = Pattern.compile("[A-Za-z][A-Za-z0-9._-]{0,99}");
    private static final Pattern POOL = Pattern.compile("[A-Za-z0-9_.-]{1,100}");
    private static final Pattern NAME = Pattern.compile(
            "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    private static final int MAX_DESCRIPTION = 8 * 1024;

    private final PveTasks tasks;
    private final CloneGate gate;

    public ProxmoxCloneExecutor(PveTasks tasks, CloneGate gate) {
        this.tasks = tasks;
        this.gate = gate;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public JsonObject execute(CommandContext context) throws CommandFailure {
        Payload payload = new Payload(context.payload());
        String node = payload.node("node");
        int source = payload.vmid("vmid");
        if (!payload.has("newid")) {
            throw CommandFailure.invalidPayload("newid", "is required (the control plane reserves VMIDs)");
        }
        int newid = payload.vmid("newid");
        if (newid == source) {
            throw CommandFailure.invalidPayload("newid", "must differ from vmid");
        }
        Optional<String> type = payload.optionalGuestType("type");
        Optional<String> name = payload.optionalMatching("name", NAME, "must be a DNS name");
        Optional<Boolean> full = payload.optionalBoolean("full");
        Optional<String> target = payload.optionalNode("target");
        Optional<String> storage = payload.optionalMatching("storage", STORAGE, "must be a Proxmox storage id");
        Optional<String> pool = payload.optionalMatching("pool", POOL, "must be a Proxmox pool id");
        Optional<String> description = payload.optionalString("description");
        if (description.isPresent() && description.get().length() > MAX_DESCRIPTION) {
            throw CommandFailure.invalidPayload("description", "is longer than " + MAX_DESCRIPTION + " characters");
        }
        Duration slotWait = payload.optionalLong("slotWaitSeconds", 0, 7 * 86_400).map(Duration::ofSeconds)
                .orElse(tasks.settings().cloneSlotWait());

        GuestRef guest = sourceOf(node, source, newid, type);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("newid", String.valueOf(newid));
        name.ifPresent(n -> params.put(guest.isVm() ? "name" : "hostname", n));
        full.ifPresent(f -> params.put("full", f ? "1" : "0"));
        target.ifPresent(t -> params.put("target", t));
        storage.ifPresent(s -> params.put("storage", s));
        pool.ifPresent(p -> params.put("pool", p));
        description.ifPresent(d -> params.put("description", d));
        String what = TYPE + " " + guest.label() + " to " + newid;

        for (int attempt = 0; ; attempt++) {
            long waitStart = System.nanoTime();
            CloneGate.Slot slot = acquire(context, guest, storage.orElse(null), slotWait);
            long slotWaitMs = Duration.ofNanos(System.nanoTime() - waitStart).toMillis();
            String upid;
            try {
                upid = tasks.pve().postForTask(guest.path() + "/clone", params);
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
                    return result(guest, newid, name, target, storage, full, outcome, slotWaitMs);
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

    /** The source (it must be on {@code node}) and a check that {@code newid} is free, in one lookup. */
    private GuestRef sourceOf(String node, int source, int newid, Optional<String> type) throws CommandFailure {
        List<PveGuest> guests;
        try {
            guests = tasks.pve().guests();
        } catch (PveException e) {
            throw CommandFailure.of(e);
        }
        PveGuest found = guests.stream().filter(g -> g.vmid() == source).findFirst()
                .orElseThrow(() -> new CommandFailure(CommandFailure.GUEST_NOT_FOUND,
                        "no guest with VMID " + source + " in the cluster"));
        if (!node.equals(found.node())) {
            throw new CommandFailure(CommandFailure.GUEST_NOT_FOUND,
                    "guest " + source + " is on node " + found.node() + ", not " + node);
        }
        if (type.isPresent() && !type.get().equals(found.type())) {
            throw CommandFailure.invalidPayload("type", "guest " + source + " is " + found.type() + ", not " + type.get());
        }
        Optional<PveGuest> taken = guests.stream().filter(g -> g.vmid() == newid).findFirst();
        if (taken.isPresent()) {
            throw new CommandFailure(CommandFailure.VMID_IN_USE, "VMID " + newid + " is taken ("
                    + taken.get().type() + " " + taken.get().name() + " on " + taken.get().node() + ")");
        }
        return new GuestRef(node, source, found.type());
    }

    private CloneGate.Slot acquire(CommandContext context, GuestRef guest, String storage, Duration wait)
            throws CommandFailure {
        CloneGate.Stats stats = gate.stats();
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
     * gone. Proxmox normally removes it itself; if it is still there and still marked as being made
     * ({@code lock: clone}/{@code create}), it is destroyed. Says what was found and done.
     */
    String removeHalfMade(GuestRef source, int newid) {
        PveGuestStatus status;
        try {
            status = tasks.pve().guestStatus(source.node(), source.type(), newid);
        } catch (PveException e) {
            if (PveErrors.isMissingGuest(e)) {
                return "no half-made guest " + newid + " remains";
            }
            return "could not check for a half-made guest " + newid + ": " + e.shortReason();
        }
        if (!"clone".equals(status.lock()) && !"create".equals(status.lock())) {
            return "guest " + newid + " exists but is not marked as being cloned (lock " + status.lock()
                    + "); left alone";
        }
        GuestRef copy = new GuestRef(source.node(), newid, source.type());
        // A fresh context: the command's own is cancelled, and the clean-up must not be.
        CommandContext cleanup = new CommandContext("cleanup", JsonValue.EMPTY_JSON_OBJECT, ProgressReporter.NONE,
                new CancellationFlag());
        String upid;
        try {
            try {
                upid = tasks.pve().deleteForTask(copy.path() + "?purge=1");
            } catch (PveException e) {
                if (!PveErrors.isLock(e)) {
                    throw e;
                }
                upid = tasks.pve().deleteForTask(copy.path() + "?purge=1&skiplock=1");
            }
        } catch (PveException e) {
            return "half-made guest " + newid + " could not be destroyed: " + e.shortReason();
        }
        try {
            TaskOutcome end = tasks.await(cleanup, source.node(), upid, "destroy half-made " + copy.label(),
                    tasks.settings().stopWait(), false);
            return end.succeeded() ? "half-made guest " + newid + " destroyed by the agent (" + upid + ")"
                    : "destroying half-made guest " + newid + " ended " + end.kind() + " (" + upid + ": "
                            + end.exitstatus() + ")";
        } catch (CommandFailure e) {
            return "destroying half-made guest " + newid + " (" + upid + ") not confirmed: " + e.getMessage();
        }
    }

    private static JsonObject result(GuestRef guest, int newid, Optional<String> name, Optional<String> target,
                                     Optional<String> storage, Optional<Boolean> full, TaskOutcome outcome,
                                     long slotWaitMs) {
        JsonObjectBuilder json = ProxmoxPowerExecutor.base(guest).add("newid", newid);
        if (name.isPresent()) {
            json.add("name", name.get());
        } else {
            json.addNull("name");
        }
        json.add("target", target.orElse(guest.node()));
        storage.ifPresent(s -> json.add("storage", s));
        full.ifPresent(f -> json.add("full", f));
        outcome.toJson().build().forEach(json::add);
        return json.add("slotWaitMs", slotWaitMs).build();
    }
}
