package io.corral.agent.clone;

import io.corral.agent.pve.PveClient;
import io.corral.agent.pve.PveException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

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
 * try (CloneGate.Slot slot = gate.acquire(node, sourceVmid, storage, maxWait)) {
 *     String upid = pve.postForTask(".../clone", params);   // throws: close() frees the slot at once
 *     slot.holdUntilStopped(upid);                          // from now on only the task's end frees it
 *     ... wait for the task; when you saw it stopped: slot.taskStopped();
 * }
 * }</pre>
 * Once a slot was handed a UPID it is freed only when Proxmox reports that task {@code stopped}:
 * the gate's own watcher polls the task status of every such slot, so a caller that times out,
 * gives up or dies never frees it early ({@link Slot#release()} and {@link Slot#close()} are then
 * no-ops). Thread-safe; one instance per agent.
 */
public final class CloneGate implements AutoCloseable {

    /** The storage key of clones that name no target storage. */
    public static final String DEFAULT_STORAGE = "default";

    private static final Logger LOG = Logger.getLogger(CloneGate.class.getName());
    private static final long WAIT_CHUNK_MILLIS = 100;
    private static final Pattern NO_SUCH_TASK = Pattern.compile(
            "(?i)no such task|unable to open file|no such file|unable to parse worker upid");

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

    private final CloneGateSettings settings;
    private final TaskProbe probe;
    private final ScheduledExecutorService watcher;
    private final Object lock = new Object();
    // Guarded by lock.
    private final List<Waiter> queue = new ArrayList<>();
    private final Map<String, Integer> runningByTemplate = new TreeMap<>();
    private final Map<String, Integer> runningByStorage = new TreeMap<>();
    private final Set<Slot> watched = new LinkedHashSet<>();
    private long granted;
    private long waitedNanos;
    private long refusedQueueFull;
    private long timedOut;
    private long abandoned;
    private boolean closed;

    public CloneGate(CloneGateSettings settings, TaskProbe probe, ThreadFactory threads) {
        this.settings = Objects.requireNonNull(settings);
        this.probe = Objects.requireNonNull(probe);
        AtomicInteger count = new AtomicInteger();
        this.watcher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = threads.newThread(runnable);
            thread.setName("corral-clone-gate-watcher-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        long every = settings.watchInterval().toMillis();
        watcher.scheduleWithFixedDelay(this::watch, every, every, TimeUnit.MILLISECONDS);
    }

    /** A gate whose watcher asks this Proxmox client about task status. */
    public static CloneGate forPve(PveClient pve, CloneGateSettings settings, ThreadFactory threads) {
        return new CloneGate(settings, pveProbe(pve), threads);
    }

    /** The task status probe over the Proxmox API ({@code GET /nodes/{node}/tasks/{upid}/status}). */
    public static TaskProbe pveProbe(PveClient pve) {
        return (node, upid) -> {
            try {
                return pve.taskStatus(node, upid).isRunning() ? TaskState.RUNNING : TaskState.STOPPED;
            } catch (PveException e) {
                if (e.isHttpError() && (e.status() == 400 || e.status() == 404
                        || NO_SUCH_TASK.matcher(String.valueOf(e.getMessage())).find())) {
                    return TaskState.UNKNOWN;
                }
                throw e;
            }
        };
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
    public Slot acquire(String node, int sourceVmid, String storage, Duration maxWait)
            throws InterruptedException, TimeoutException {
        return acquire(node, sourceVmid, storage, maxWait, null);
    }

    /**
     * As {@link #acquire(String, int, String, Duration, BooleanSupplier)} for a client of the PVE
     * proxy: it waits in the proxy clients' share of the queue, and {@code client} (its credential
     * identity, or its address) in its own part of that share.
     */
    public Slot acquireFor(String client, String node, int sourceVmid, String storage, Duration maxWait,
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
    public Slot acquire(String node, int sourceVmid, String storage, Duration maxWait, BooleanSupplier abandon)
            throws InterruptedException, TimeoutException {
        return enqueue(null, node, sourceVmid, storage, maxWait, abandon);
    }

    // client null: one of the agent's own commands.
    private Slot enqueue(String client, String node, int sourceVmid, String storage, Duration maxWait,
            BooleanSupplier abandon) throws InterruptedException, TimeoutException {
        Objects.requireNonNull(node, "node");
        Waiter waiter = new Waiter(client, node, sourceVmid, templateKey(node, sourceVmid), storageKey(storage));
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
            QueueFullException full = overflow(waiter);
            if (full != null) {
                queue.remove(waiter);
                refusedQueueFull++;
                throw full;
            }
            try {
                while (waiter.slot == null) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        leave(waiter);
                        timedOut++;
                        throw new TimeoutException("no clone slot for " + waiter.templateKey + " (storage "
                                + waiter.storageKey + ") came free within " + Duration.ofMillis(wait));
                    }
                    if (abandon != null && abandon.getAsBoolean()) {
                        leave(waiter);
                        abandoned++;
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
    public Stats stats() {
        synchronized (lock) {
            Map<String, Integer> queuedByTemplate = new TreeMap<>();
            Map<String, Integer> queuedByStorage = new TreeMap<>();
            for (Waiter waiter : queue) {
                queuedByTemplate.merge(waiter.templateKey, 1, Integer::sum);
                queuedByStorage.merge(waiter.storageKey, 1, Integer::sum);
            }
            int running = runningByTemplate.values().stream().mapToInt(Integer::intValue).sum();
            return new Stats(queue.size(), running, watched.size(), settings.perStorage(), settings.queueLimit(),
                    Map.copyOf(queuedByTemplate), Map.copyOf(runningByTemplate), Map.copyOf(queuedByStorage),
                    Map.copyOf(runningByStorage), granted, refusedQueueFull, timedOut, abandoned,
                    TimeUnit.NANOSECONDS.toMillis(waitedNanos));
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
        watcher.shutdownNow();
    }

    // ---- internals (callers hold lock) ----

    /**
     * Grants slots in queue order. A waiter that cannot have its slot blocks later waiters on the
     * keys it waits for (FIFO per key), not on keys that are free for it.
     */
    private void dispatch() {
        Set<String> blockedTemplates = new HashSet<>();
        Set<String> blockedStorages = new HashSet<>();
        boolean any = false;
        for (Iterator<Waiter> it = queue.iterator(); it.hasNext(); ) {
            Waiter waiter = it.next();
            boolean templateFree = !blockedTemplates.contains(waiter.templateKey)
                    && runningByTemplate.getOrDefault(waiter.templateKey, 0) == 0;
            boolean storageFree = !blockedStorages.contains(waiter.storageKey)
                    && runningByStorage.getOrDefault(waiter.storageKey, 0) < settings.perStorage();
            if (templateFree && storageFree) {
                it.remove();
                runningByTemplate.merge(waiter.templateKey, 1, Integer::sum);
                runningByStorage.merge(waiter.storageKey, 1, Integer::sum);
                waiter.slot = new Slot(waiter);
                granted++;
                waitedNanos += System.nanoTime() - waiter.queuedAt;
                any = true;
            } else {
                if (!templateFree) {
                    blockedTemplates.add(waiter.templateKey);
                }
                if (!storageFree) {
                    blockedStorages.add(waiter.storageKey);
                }
            }
        }
        if (any) {
            lock.notifyAll();
        }
    }

    /**
     * The refusal for a waiter just queued (and not granted) when it overflows its share: the
     * commands' share, the proxy clients' share, or its own client's part of the latter.
     */
    private QueueFullException overflow(Waiter waiter) {
        int commands = 0;
        int proxied = 0;
        int sameClient = 0;
        for (Waiter queued : queue) {
            if (queued.client == null) {
                commands++;
            } else {
                proxied++;
                if (queued.client.equals(waiter.client)) {
                    sameClient++;
                }
            }
        }
        if (waiter.client == null) {
            return commands > settings.queueLimit() ? new QueueFullException(settings.queueLimit()) : null;
        }
        if (sameClient > settings.perClientQueueLimit()) {
            return new QueueFullException(settings.perClientQueueLimit(), true);
        }
        return proxied > settings.proxyQueueLimit() ? new QueueFullException(settings.proxyQueueLimit()) : null;
    }

    private void leave(Waiter waiter) {
        if (queue.remove(waiter)) {
            dispatch();
        }
    }

    private boolean free(Slot slot, String why) {
        if (slot.state == SlotState.RELEASED) {
            return false;
        }
        slot.state = SlotState.RELEASED;
        watched.remove(slot);
        decrement(runningByTemplate, slot.templateKey);
        decrement(runningByStorage, slot.storageKey);
        LOG.fine(() -> "Clone slot " + slot + " freed: " + why);
        dispatch();
        lock.notifyAll();
        return true;
    }

    private static void decrement(Map<String, Integer> counts, String key) {
        counts.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
    }

    private void watch() {
        try {
            List<Slot> slots;
            synchronized (lock) {
                slots = List.copyOf(watched);
            }
            for (Slot slot : slots) {
                TaskState state;
                try {
                    state = probe.state(slot.taskNode(), slot.upid);
                } catch (Exception e) {
                    // Unreachable or erroring Proxmox: the task may still run, so the slot stays held.
                    LOG.log(Level.FINE, "Clone slot {0}: task status not known ({1}); still held",
                            new Object[] {slot, e.getMessage()});
                    continue;
                }
                synchronized (lock) {
                    if (state == TaskState.STOPPED) {
                        free(slot, "task stopped");
                    } else if (state == TaskState.UNKNOWN) {
                        if (++slot.unknownPolls >= settings.unknownTaskPolls() && free(slot, "task unknown")) {
                            LOG.warning(() -> "Clone slot " + slot + " freed: Proxmox does not know task "
                                    + slot.upid);
                        }
                    } else {
                        slot.unknownPolls = 0;
                    }
                }
            }
        } catch (RuntimeException e) {
            // Never let the schedule die with an exception.
            LOG.log(Level.WARNING, "Clone gate watcher failed; it goes on at the next round", e);
        }
    }

    private enum SlotState { HELD, WATCHED, RELEASED }

    private static final class Waiter {
        private final String client;
        private final String node;
        private final int sourceVmid;
        private final String templateKey;
        private final String storageKey;
        private final long queuedAt = System.nanoTime();
        private Slot slot;

        private Waiter(String client, String node, int sourceVmid, String templateKey, String storageKey) {
            this.client = client;
            this.node = node;
            this.sourceVmid = sourceVmid;
            this.templateKey = templateKey;
            this.storageKey = storageKey;
        }
    }

    /**
     * A clone slot. Held until {@link #release()} (before a UPID exists) or until the task handed to
     * {@link #holdUntilStopped(String)} stopped.
     */
    public final class Slot implements AutoCloseable {

        private final String node;
        private final int sourceVmid;
        private final String templateKey;
        private final String storageKey;
        private final Instant grantedAt = Instant.now();
        // Guarded by lock.
        private SlotState state = SlotState.HELD;
        private String upid;
        private int unknownPolls;

        private Slot(Waiter waiter) {
            this.node = waiter.node;
            this.sourceVmid = waiter.sourceVmid;
            this.templateKey = waiter.templateKey;
            this.storageKey = waiter.storageKey;
        }

        public String node() {
            return node;
        }

        public int sourceVmid() {
            return sourceVmid;
        }

        /** {@code node/vmid}. */
        public String templateKey() {
            return templateKey;
        }

        public String storageKey() {
            return storageKey;
        }

        public Instant grantedAt() {
            return grantedAt;
        }

        /** The clone task's UPID once handed over, else null. */
        public String upid() {
            synchronized (lock) {
                return upid;
            }
        }

        /**
         * Hands the clone task to the gate: from now on the slot is freed only when Proxmox reports
         * the task stopped (or by {@link #taskStopped()}), whatever the caller does.
         *
         * @throws IllegalStateException when the slot was released already, or holds another UPID
         */
        public void holdUntilStopped(String taskUpid) {
            Objects.requireNonNull(taskUpid, "upid");
            synchronized (lock) {
                if (state == SlotState.RELEASED) {
                    throw new IllegalStateException("clone slot " + this + " was released already");
                }
                if (state == SlotState.WATCHED) {
                    if (taskUpid.equals(upid)) {
                        return;
                    }
                    throw new IllegalStateException("clone slot " + this + " holds task " + upid + " already");
                }
                upid = taskUpid;
                state = SlotState.WATCHED;
                watched.add(this);
            }
        }

        /**
         * The caller saw the handed task {@code stopped} itself: frees the slot now rather than at
         * the watcher's next round. Does nothing before a UPID was handed over.
         */
        public void taskStopped() {
            synchronized (lock) {
                if (state == SlotState.WATCHED) {
                    free(this, "the caller saw the task stopped");
                }
            }
        }

        /**
         * Frees the slot when no task was handed over (the clone request failed without a UPID).
         * Once a UPID was handed over this does nothing: only the task's end frees the slot.
         *
         * @return true if this call freed the slot
         */
        public boolean release() {
            synchronized (lock) {
                if (state == SlotState.HELD) {
                    return free(this, "released before a task was handed over");
                }
                return false;
            }
        }

        /** {@link #release()}: a try-with-resources block frees the slot unless a UPID was handed over. */
        @Override
        public void close() {
            release();
        }

        public boolean isReleased() {
            synchronized (lock) {
                return state == SlotState.RELEASED;
            }
        }

        /** Waits until the slot is freed; true if it was within {@code timeout}. */
        public boolean awaitReleased(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            synchronized (lock) {
                while (state != SlotState.RELEASED) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    lock.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, WAIT_CHUNK_MILLIS)));
                }
                return true;
            }
        }

        // A UPID names the node its task runs on: UPID:node:…
        private String taskNode() {
            String[] parts = upid == null ? new String[0] : upid.split(":", 3);
            return parts.length >= 3 && !parts[1].isEmpty() ? parts[1] : node;
        }

        @Override
        public String toString() {
            return templateKey + "@" + storageKey + (upid == null ? "" : " (" + upid + ")");
        }
    }

    /**
     * Gate counters: clones waiting ({@code queued}) and holding a slot ({@code running}, of which
     * {@code watching} were handed a UPID), per source ({@code node/vmid}) and per storage;
     * {@code waitedMillis}: the time the {@code granted} clones spent waiting, added up.
     */
    public record Stats(int queued, int running, int watching, int perStorageLimit, int queueLimit,
                        Map<String, Integer> queuedByTemplate, Map<String, Integer> runningByTemplate,
                        Map<String, Integer> queuedByStorage, Map<String, Integer> runningByStorage,
                        long granted, long refusedQueueFull, long timedOut, long abandoned, long waitedMillis) {

        public JsonObject toJson() {
            return Json.createObjectBuilder()
                    .add("queued", queued)
                    .add("running", running)
                    .add("watching", watching)
                    .add("perStorageLimit", perStorageLimit)
                    .add("queueLimit", queueLimit)
                    .add("queuedByTemplate", counts(queuedByTemplate))
                    .add("runningByTemplate", counts(runningByTemplate))
                    .add("queuedByStorage", counts(queuedByStorage))
                    .add("runningByStorage", counts(runningByStorage))
                    .add("granted", granted)
                    .add("refusedQueueFull", refusedQueueFull)
                    .add("timedOut", timedOut)
                    .add("abandoned", abandoned)
                    .add("waitedMillis", waitedMillis)
                    .build();
        }

        private static JsonObjectBuilder counts(Map<String, Integer> counts) {
            JsonObjectBuilder json = Json.createObjectBuilder();
            new TreeMap<>(counts).forEach(json::add);
            return json;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "clone gate: %d queued, %d running (%d watched)", queued, running,
                    watching);
        }
    }
}
