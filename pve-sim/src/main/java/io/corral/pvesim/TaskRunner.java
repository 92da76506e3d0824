package io.corral.pvesim;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Starts tasks, lets them run for their duration, then applies their effect, or their undo when a
 * fault makes them fail. All timed work runs on one scheduler thread.
 */
public final class TaskRunner implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TaskRunner.class.getName());

    private final ClusterState state;
    private final Clock clock;
    private final Faults faults;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "pve-sim-tasks");
        thread.setDaemon(true);
        return thread;
    });

    public TaskRunner(ClusterState state, Clock clock) {
        this(state, clock, new Faults());
    }

    public TaskRunner(ClusterState state, Clock clock, Faults faults) {
        this.state = state;
        this.clock = clock;
        this.faults = faults;
    }

    /**
     * Registers a running task on {@code node} and schedules its successful end after
     * {@code duration}, when {@code effect} is applied.
     */
    public Task launch(Node node, String type, String id, String user, Duration duration,
                       List<String> firstLines, List<String> lastLines, Runnable effect) {
        return launch(node, type, id, user, duration, firstLines, lastLines, effect, () -> { });
    }

    /** As above; {@code undo} runs instead of {@code effect} when the task fails or is stopped. */
    Task launch(Node node, String type, String id, String user, Duration duration,
                List<String> firstLines, List<String> lastLines, Runnable effect, Runnable undo) {
        Task task = begin(node, type, id, user, firstLines, undo);
        finishAfter(task, duration, lastLines, effect);
        return task;
    }

    /** Registers a running task; its fate (fault injection) is decided now, its end by the caller. */
    Task begin(Node node, String type, String id, String user, List<String> firstLines, Runnable undo) {
        long pid = ThreadLocalRandom.current().nextLong(0x1000, 0x3FFFFF);
        Upid upid = new Upid(node.name(), pid, node.jiffies(clock.instant()),
                clock.instant().getEpochSecond(), type, id, user);
        Task task = new Task(upid, firstLines, faults.takeTaskOutcome(type), undo);
        faults.takeStretch(type).ifPresent(task::stretchTo);
        state.addTask(task);
        LOG.info(() -> "task started " + upid);
        return task;
    }

    /** Ends the task after {@code duration} as planned: with {@code effect}, or failing with its undo. */
    void finishAfter(Task task, Duration duration, List<String> lastLines, Runnable effect) {
        Duration runFor = task.stretch() == null ? duration : task.stretch();
        task.onCompletion(schedule(() -> complete(task, lastLines, effect), runFor));
    }

    /**
     * Appends {@code lines} to the task's log one by one, spread evenly over its running time (the
     * stretched one if a fault set it), the way Proxmox writes transfer progress while a task runs.
     */
    void writeOverTime(Task task, Duration duration, List<String> lines) {
        Duration runFor = task.stretch() == null ? duration : task.stretch();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            schedule(() -> task.append(List.of(line)), runFor.multipliedBy(i + 1).dividedBy(lines.size() + 1));
        }
    }

    /** Duration of the run {@code duration} asks for, or the stretched one. */
    static Duration runningTime(Task task, Duration duration) {
        return task.stretch() == null ? duration : task.stretch();
    }

    private void complete(Task task, List<String> lastLines, Runnable effect) {
        String outcome = task.plannedOutcome();
        boolean finished;
        if (Task.OK.equals(outcome)) {
            finished = task.finish(outcome, lastLines, effect, now());
        } else if (Task.succeeded(outcome)) {
            List<String> lines = new ArrayList<>(lastLines);
            lines.add("WARN: simulated warning (injected fault)");
            finished = task.finish(outcome, lines, effect, now());
        } else {
            finished = task.finish(outcome, List.of(), task.abortEffect(), now());
        }
        if (finished) {
            LOG.info(() -> "task finished " + task.upid() + " " + outcome);
        }
    }

    /** Ends a running task with an error, undoing its half-done work. */
    void fail(Task task, String message) {
        if (task.finish(message, List.of(), task.abortEffect(), now())) {
            LOG.info(() -> "task failed " + task.upid() + ": " + message);
        }
    }

    ScheduledFuture<?> schedule(Runnable job, Duration delay) {
        return scheduler.schedule(job, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
    }

    void execute(Runnable job) {
        scheduler.execute(job);
    }

    /** Stops a running task the way a SIGTERM does: undo, exit status {@code interrupted by signal}. */
    public void interrupt(Task task) {
        if (task.finish(Task.INTERRUPTED, List.of("received interrupt"), task.abortEffect(), now())) {
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
