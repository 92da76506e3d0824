package io.corral.agent.clone;

import io.corral.agent.pve.PveClient;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

/**
 * Serializes Proxmox clones so they stop colliding on template locks: at most one clone at a time
 * per source guest on a node (key {@code node/vmid}), and at most
 * {@link CloneGateSettings#perStorage()} at a time per target storage (key: the {@code storage}
 * parameter, or {@value #DEFAULT_STORAGE}). Waiters are served first come, first served on every
 * key they wait for; the waiting queue is bounded, and a clone that would overflow it is refused at
 * once ({@link QueueFullException}). The queue has two shares that never take each other's places:
 * the agent's own {@code proxmox.clone} commands ({@link CloneGateSettings#queueLimit()}) and the
 * PVE proxy's clients ({@link CloneGateSettings#proxyQueueLimit()}), where each client (its
 * credential's identity, or its address) has at most {@link CloneGateSettings#perClientQueueLimit()}.
 *
 * <p>Usage, shared by the {@code proxmox.clone} executor and the PVE proxy:
 * <pre>{@code
 * try (CloneSlot slot = gate.acquire(node, sourceVmid, storage, maxWait)) {
 *     String upid = pve.postForTask(".../clone", params);   // throws: close() frees the slot at once
 *     slot.holdUntilStopped(upid);                          // from now on only the task's end frees it
 *     ... wait for the task; when you saw it stopped: slot.taskStopped();
 * }
 * }</pre>
 * Once a slot was handed a UPID it is freed only when Proxmox reports that task {@code stopped}:
 * the gate's own watcher ({@link CloneTaskWatcher}) polls the task status of every such slot, so a
 * caller that times out, gives up or dies never frees it early ({@link CloneSlot#release()} and
 * {@link CloneSlot#close()} are then no-ops). Who waits and who is granted next is the
 * {@link CloneQueue}'s business. Thread-safe; one instance per agent.
 */
public final class CloneGate implements AutoCloseable {

    /** The storage key of clones that name no target storage. */
    public static final String DEFAULT_STORAGE = "default";

    private static final Logger LOG = Logger.getLogger(CloneGate.class.getName());
    private static final long WAIT_CHUNK_MILLIS = 100;

    /** What the watcher learns about a task. */
    public enum TaskState {
        RUNNING,
        STOPPED,
        /** Proxmox answered that it does not know the task. */
        UNKNOWN
    }

    /** Asks Proxmox about a task; throws when it could not be asked (the slot then stays held). */
    @FunctionalInterface
    public interface TaskProbe {
        TaskState state(String node, String upid) throws Exception;
    }

    /** The queue is full: the clone was not queued. */
    public static final class QueueFullException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final int limit;
        private final boolean perClient;

        public QueueFullException(int limit) {
            this(limit, false);
        }

        /** @param perClient true when the client's own share is full (not the whole queue) */
        public QueueFullException(int limit, boolean perClient) {
            super(perClient ? "this client has " + limit + " clone(s) waiting already"
                    : "the clone queue is full (" + limit + " clone(s) waiting)");
            this.limit = limit;
            this.perClient = perClient;
        }

        public int limit() {
            return limit;
        }

        /** True when the client's own share of the queue was full, not the whole queue. */
        public boolean perClient() {
            return perClient;
        }
    }

    /** Guards the queue, the watched slots and every slot's state. */
    final Object lock = new Object();
    private final CloneGateSettings settings;
    private final CloneTaskWatcher watcher;
    // Guarded by lock.
    private final CloneQueue queue;
    private final Set<CloneSlot> watched = new LinkedHashSet<>();
    private boolean closed;

    public CloneGate(CloneGateSettings settings, TaskProbe probe, ThreadFactory threads) {
        this.settings = Objects.requireNonNull(settings);
        this.queue = new CloneQueue(settings);
        this.watcher = new CloneTaskWatcher(Objects.requireNonNull(probe), settings.watchInterval(), threads,
                this::watchedSlots, this::taskSeen);
    }

    /** A gate whose watcher asks this Proxmox client about task status. */
    public static CloneGate forPve(PveClient pve, CloneGateSettings settings, ThreadFactory threads) {
        return new CloneGate(settings, pveProbe(pve), threads);
    }

    /** The task status probe over the Proxmox API ({@code GET /nodes/{node}/tasks/{upid}/status}). */
    public static TaskProbe pveProbe(PveClient pve) {
        return CloneTaskWatcher.pveProbe(pve);
    }

    public CloneGateSettings settings() {
        return settings;
    }

    /** {@code node/vmid}: the key of a source guest. */
    public static String templateKey(String node, int sourceVmid) {
        return node + "/" + sourceVmid;
    }

    /** The storage key: the storage's name, or {@value #DEFAULT_STORAGE}. */
    public static String storageKey(String storage) {
        return storage == null || storage.isBlank() ? DEFAULT_STORAGE : storage.trim();
    }

    /** As {@link #acquire(String, int, String, Duration, BooleanSupplier)}, waiting up to {@code maxWait}. */
    public CloneSlot acquire(String node, int sourceVmid, String storage, Duration maxWait)
            throws InterruptedException, TimeoutException {
        return acquire(node, sourceVmid, storage, maxWait, null);
    }

    /**
     * As {@link #acquire(String, int, String, Duration, BooleanSupplier)} for a client of the PVE
     * proxy: it waits in the proxy clients' share of the queue, and {@code client} (its credential
     * identity, or its address) in its own part of that share.
     */
    public CloneSlot acquireFor(String client, String node, int sourceVmid, String storage, Duration maxWait,
            BooleanSupplier abandon) throws InterruptedException, TimeoutException {
        return enqueue(Objects.requireNonNull(client, "client"), node, sourceVmid, storage, maxWait, abandon);
    }

    /**
     * Waits for a slot to clone {@code sourceVmid} on {@code node} onto {@code storage} (null: the
     * default storage), in the share of the queue of the agent's own commands.
     *
     * @param abandon checked while waiting (every 100 ms); when it says true, the caller leaves the
     *                queue with a {@link CancellationException} (e.g. a cancelled command, a client
     *                that hung up). Null: never.
     * @throws QueueFullException   (unchecked) when the slot is not free now and the queue is full
     * @throws TimeoutException     when no slot came free within {@code maxWait} (no slot is held)
     * @throws InterruptedException when interrupted while waiting (no slot is held)
     */
    public CloneSlot acquire(String node, int sourceVmid, String storage, Duration maxWait, BooleanSupplier abandon)
            throws InterruptedException, TimeoutException {
        return enqueue(null, node, sourceVmid, storage, maxWait, abandon);
    }

    // client null: one of the agent's own commands.
    private CloneSlot enqueue(String client, String node, int sourceVmid, String storage, Duration maxWait,
            BooleanSupplier abandon) throws InterruptedException, TimeoutException {
        Objects.requireNonNull(node, "node");
        CloneWaiter waiter = new CloneWaiter(client, node, sourceVmid, templateKey(node, sourceVmid),
                storageKey(storage));
        long wait = maxWait == null || maxWait.isNegative() ? 0 : Math.min(maxWait.toMillis(), TimeUnit.DAYS.toMillis(365));
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(wait);
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("the clone gate is closed");
            }
            queue.add(waiter);
            dispatch();
            if (waiter.slot != null) {
                return waiter.slot;
            }
            QueueFullException full = queue.overflow(waiter);
            if (full != null) {
                queue.remove(waiter);
                queue.refused();
                throw full;
            }
            try {
                while (waiter.slot == null) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        leave(waiter);
                        queue.timedOut();
                        throw new TimeoutException("no clone slot for " + waiter.templateKey + " (storage "
                                + waiter.storageKey + ") came free within " + Duration.ofMillis(wait));
                    }
                    if (abandon != null && abandon.getAsBoolean()) {
                        leave(waiter);
                        queue.abandoned();
                        throw new CancellationException("gave up waiting for a clone slot for " + waiter.templateKey);
                    }
                    lock.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, WAIT_CHUNK_MILLIS)));
                }
                return waiter.slot;
            } catch (InterruptedException e) {
                if (waiter.slot != null) {
                    free(waiter.slot, "the waiter was interrupted");
                } else {
                    leave(waiter);
                }
                throw e;
            }
        }
    }

    /** Counters for the heartbeat: waiting and running clones, overall and per key. */
    public CloneGateStats stats() {
        synchronized (lock) {
            return queue.stats(watched.size());
        }
    }

    /**
     * Stops the watcher. Slots still held stay held (nothing is freed on shutdown); new acquires
     * are refused.
     */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        watcher.close();
    }

    // ---- internals (callers hold lock) ----

    /** Hands a slot to every waiter the queue grants now, and wakes the waiters. */
    private void dispatch() {
        List<CloneWaiter> granted = queue.dispatch();
        for (CloneWaiter waiter : granted) {
            waiter.slot = new CloneSlot(this, waiter);
        }
        if (!granted.isEmpty()) {
            lock.notifyAll();
        }
    }

    private void leave(CloneWaiter waiter) {
        if (queue.remove(waiter)) {
            dispatch();
        }
    }

    /** The slot was handed a UPID: the watcher asks about its task from now on. */
    void watch(CloneSlot slot) {
        watched.add(slot);
    }

    boolean free(CloneSlot slot, String why) {
        if (slot.state == CloneSlot.State.RELEASED) {
            return false;
        }
        slot.state = CloneSlot.State.RELEASED;
        watched.remove(slot);
        queue.finished(slot.templateKey(), slot.storageKey());
        LOG.fine(() -> "Clone slot " + slot + " freed: " + why);
        dispatch();
        lock.notifyAll();
        return true;
    }

    private List<CloneSlot> watchedSlots() {
        synchronized (lock) {
            return List.copyOf(watched);
        }
    }

    /** What the watcher learnt about a watched slot's task. */
    private void taskSeen(CloneSlot slot, TaskState state) {
        synchronized (lock) {
            if (state == TaskState.STOPPED) {
                free(slot, "task stopped");
            } else if (state == TaskState.UNKNOWN) {
                if (++slot.unknownPolls >= settings.unknownTaskPolls() && free(slot, "task unknown")) {
                    LOG.warning(() -> "Clone slot " + slot + " freed: Proxmox does not know task " + slot.upid());
                }
            } else {
                slot.unknownPolls = 0;
            }
        }
    }
}
