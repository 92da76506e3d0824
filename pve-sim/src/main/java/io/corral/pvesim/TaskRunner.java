package io.corral.pvesim;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/** Starts tasks, lets them run for their duration, then applies their effect. */
public final class TaskRunner implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TaskRunner.class.getName());

    private final ClusterState state;
    private final Clock clock;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "pve-sim-tasks");
        thread.setDaemon(true);
        return thread;
    });

    public TaskRunner(ClusterState state, Clock clock) {
        this.state = state;
        this.clock = clock;
    }

    /**
     * Registers a running task on {@code node} and schedules its successful end after
     * {@code duration}, when {@code effect} is applied.
     */
    public Task launch(Node node, String type, String id, String user, Duration duration,
                       List<String> firstLines, List<String> lastLines, Runnable effect) {
        long pid = ThreadLocalRandom.current().nextLong(0x1000, 0x3FFFFF);
        Upid upid = new Upid(node.name(), pid, node.jiffies(clock.instant()),
                clock.instant().getEpochSecond(), type, id, user);
        Task task = new Task(upid, firstLines);
        state.addTask(task);
        LOG.info(() -> "task started " + upid);
        task.onCompletion(scheduler.schedule(() -> {
            if (task.finish(Task.OK, lastLines, effect, now())) {
                LOG.info(() -> "task finished " + upid + " OK");
            }
        }, duration.toNanos(), TimeUnit.NANOSECONDS));
        return task;
    }

    /** Stops a running task the way a SIGTERM does: no effect, exit status {@code interrupted by signal}. */
    public void interrupt(Task task) {
        if (task.finish(Task.INTERRUPTED, List.of("received interrupt"), () -> { }, now())) {
            LOG.info(() -> "task interrupted " + task.upid());
        }
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
