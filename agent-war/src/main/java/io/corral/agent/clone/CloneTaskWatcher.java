package io.corral.agent.clone;

import io.corral.agent.pve.PveClient;
import io.corral.agent.pve.PveException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The gate's watcher: a thread of its own that asks Proxmox, every watch interval, about the task
 * of every slot handed a UPID, and tells the gate what it learnt. A task whose status cannot be
 * asked is skipped (its slot stays held).
 */
final class CloneTaskWatcher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CloneGate.class.getName());
    private static final Pattern NO_SUCH_TASK = Pattern.compile(
            "(?i)no such task|unable to open file|no such file|unable to parse worker upid");

    private final CloneGate.TaskProbe probe;
    private final Supplier<List<CloneSlot>> watched;
    private final BiConsumer<CloneSlot, CloneGate.TaskState> seen;
    private final ScheduledExecutorService scheduler;

    /**
     * @param watched the slots handed a UPID, now
     * @param seen    where the state of a slot's task is reported
     */
    CloneTaskWatcher(CloneGate.TaskProbe probe, Duration every, ThreadFactory threads,
            Supplier<List<CloneSlot>> watched, BiConsumer<CloneSlot, CloneGate.TaskState> seen) {
        this.probe = probe;
        this.watched = watched;
        this.seen = seen;
        AtomicInteger count = new AtomicInteger();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = threads.newThread(runnable);
            thread.setName("corral-clone-gate-watcher-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        long millis = every.toMillis();
        scheduler.scheduleWithFixedDelay(this::round, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** The task status probe over the Proxmox API ({@code GET /nodes/{node}/tasks/{upid}/status}). */
    static CloneGate.TaskProbe pveProbe(PveClient pve) {
        return (node, upid) -> {
            try {
                return pve.taskStatus(node, upid).isRunning() ? CloneGate.TaskState.RUNNING
                        : CloneGate.TaskState.STOPPED;
            } catch (PveException e) {
                if (e.isHttpError() && (e.status() == 400 || e.status() == 404
                        || NO_SUCH_TASK.matcher(String.valueOf(e.getMessage())).find())) {
                    return CloneGate.TaskState.UNKNOWN;
                }
                throw e;
            }
        };
    }

    private void round() {
        try {
            for (CloneSlot slot : watched.get()) {
                CloneGate.TaskState state;
                try {
                    state = probe.state(slot.taskNode(), slot.upid());
                } catch (Exception e) {
                    // Unreachable or erroring Proxmox: the task may still run, so the slot stays held.
                    LOG.log(Level.FINE, "Clone slot {0}: task status not known ({1}); still held",
                            new Object[] {slot, e.getMessage()});
                    continue;
                }
                seen.accept(slot, state);
            }
        } catch (RuntimeException e) {
            // Never let the schedule die with an exception.
            LOG.log(Level.WARNING, "Clone gate watcher failed; it goes on at the next round", e);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
