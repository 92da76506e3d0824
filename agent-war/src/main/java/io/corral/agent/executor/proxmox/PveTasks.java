package io.corral.agent.executor.proxmox;

import io.corral.agent.executor.CommandContext;
import io.corral.agent.executor.CommandFailure;
import io.corral.agent.executor.Progress;
import io.corral.agent.pve.PveClient;
import io.corral.agent.pve.PveException;
import io.corral.agent.pve.PveTaskStatus;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Starts Proxmox tasks and follows them to their end: polls {@code …/tasks/{upid}/status} at
 * {@link ProxmoxSettings#taskPollDelay(Duration)} (the command's progress ticker keeps it fresh meanwhile),
 * types the outcome, retries lock errors with backoff, and stops the task when the command is
 * cancelled. Meanwhile the task's log is streamed as progress (see {@link TaskLogStream}).
 */
public final class PveTasks {

    private static final Logger LOG = Logger.getLogger(PveTasks.class.getName());
    private static final Pattern NO_SUCH_TASK = Pattern.compile("(?i)no such task|unable to open file|unable to parse");

    /** Sends the request that starts a task and returns its UPID. */
    @FunctionalInterface
    public interface TaskStart {
        String start() throws PveException;
    }

    private final PveClient pve;
    private final ProxmoxSettings settings;

    public PveTasks(PveClient pve, ProxmoxSettings settings) {
        this.pve = pve;
        this.settings = settings;
    }

    public PveClient pve() {
        return pve;
    }

    public ProxmoxSettings settings() {
        return settings;
    }

    /**
     * Starts a task about {@code guest} and waits for its end. A lock in the way (the request's
     * answer or the task's exit status) is retried with backoff, up to
     * {@link ProxmoxSettings#lockRetries()} times.
     *
     * @return the outcome of a task that succeeded ({@code OK} or {@code WARNINGS: n})
     * @throws CommandFailure {@code PVE_LOCKED}, {@code PVE_TASK_FAILED} (exit status and log tail in
     *                        the message), {@code GUEST_NOT_FOUND}, {@code PVE_ERROR},
     *                        {@code PVE_UNREACHABLE}, or the cancellation (the task stopped)
     */
    public TaskOutcome run(CommandContext context, GuestRef guest, String what, TaskStart start) throws CommandFailure {
        for (int attempt = 0; ; attempt++) {
            context.checkCancelled();
            String upid;
            try {
                upid = start.start();
            } catch (PveException e) {
                checkInterrupted();
                if (PveErrors.isLock(e)) {
                    backOffOrFail(context, attempt, what + ": " + e.shortReason(),
                            PveErrors.isTransientLock(e.getMessage()));
                    continue;
                }
                throw PveErrors.failure(e, guest);
            }
            context.progress(new Progress(what + ": task started", upid, null));
            TaskOutcome outcome = await(context, guest.node(), upid, what, null, true);
            switch (outcome.kind()) {
                case OK, WARNINGS -> {
                    return outcome;
                }
                case LOCKED -> backOffOrFail(context, attempt, what + ": " + outcome.describe(), true);
                case CANCELLED -> throw cancelled(what, outcome, null);
                default -> throw taskFailed(what, outcome);
            }
        }
    }

    /**
     * Polls a task until it stops, the {@code timeout} (null: none) runs out ({@code TIMEOUT}), or the
     * command is cancelled ({@code CANCELLED}; with {@code stopOnCancel} the task is stopped first
     * and waited for, up to {@link ProxmoxSettings#stopWait()}).
     */
    public TaskOutcome await(CommandContext context, String node, String upid, String what, Duration timeout,
                             boolean stopOnCancel) throws CommandFailure {
        long started = System.nanoTime();
        long deadline = timeout == null ? Long.MAX_VALUE : started + timeout.toNanos();
        long failingSince = 0;
        TaskLogStream log = new TaskLogStream(pve, context, node, upid, what);
        while (true) {
            if (context.cancelled()) {
                return stopOnCancel ? stop(context, node, upid, what, started, log)
                        : new TaskOutcome(node, upid, TaskOutcome.Kind.CANCELLED, null, 0, List.of(), since(started));
            }
            try {
                PveTaskStatus status = pve.taskStatus(node, upid);
                failingSince = 0;
                if (!status.isRunning()) {
                    log.drain();
                    return finished(node, upid, status.exitstatus(), started, null);
                }
                log.poll();
            } catch (PveException e) {
                checkInterrupted();
                if (e.answered() && (e.status() < 500 || NO_SUCH_TASK.matcher(e.getMessage()).find())) {
                    throw new CommandFailure(CommandFailure.PVE_ERROR, "Proxmox: status of task " + upid + ": "
                            + e.shortReason());
                }
                long now = System.nanoTime();
                if (failingSince == 0) {
                    failingSince = now;
                } else if (now - failingSince > settings.pollErrorGrace().toNanos()) {
                    throw new CommandFailure(e.answered() ? CommandFailure.PVE_ERROR : CommandFailure.PVE_UNREACHABLE,
                            "Proxmox did not answer about task " + upid + " for " + settings.pollErrorGrace().toSeconds()
                                    + " s (" + e.shortReason() + "); the task may still be running");
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return new TaskOutcome(node, upid, TaskOutcome.Kind.TIMEOUT, null, 0, List.of(), since(started));
            }
            long delay = settings.taskPollDelay(Duration.ofNanos(System.nanoTime() - started)).toNanos();
            pause(context, Duration.ofNanos(Math.min(left, delay)));
        }
    }

    /** PVE_TASK_FAILED with the exit status and log tail. */
    static CommandFailure taskFailed(String what, TaskOutcome outcome) {
        return new CommandFailure(CommandFailure.PVE_TASK_FAILED, what + " failed: " + outcome.describe());
    }

    /** The cancellation, saying what became of the task (and of anything {@code cleanup} reports). */
    static CommandFailure cancelled(String what, TaskOutcome outcome, String cleanup) {
        String task = outcome.stopped()
                ? "task " + outcome.upid() + " stopped (" + outcome.exitstatus() + ")"
                : "task " + outcome.upid() + " was asked to stop but still ran";
        return CommandFailure.cancelled("cancelled " + what + ": " + task + (cleanup == null ? "" : "; " + cleanup));
    }

    /** Waits {@code wait}, returning early when cancelled; an interrupt becomes AGENT_STOPPED. */
    static void pause(CommandContext context, Duration wait) throws CommandFailure {
        try {
            context.awaitCancellation(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw agentStopped();
        }
    }

    static void checkInterrupted() throws CommandFailure {
        if (Thread.currentThread().isInterrupted()) {
            throw agentStopped();
        }
    }

    private static CommandFailure agentStopped() {
        return new CommandFailure(CommandFailure.AGENT_STOPPED, "the agent stopped before the command finished");
    }

    /** Waits before retry {@code attempt + 1}, or fails PVE_LOCKED when out of retries or not worth one. */
    void backOffOrFail(CommandContext context, int attempt, String reason, boolean retryable) throws CommandFailure {
        if (!retryable) {
            throw new CommandFailure(CommandFailure.PVE_LOCKED, reason);
        }
        if (attempt >= settings.lockRetries()) {
            throw new CommandFailure(CommandFailure.PVE_LOCKED, reason + " (still locked after "
                    + settings.lockRetries() + " retr" + (settings.lockRetries() == 1 ? "y" : "ies") + ")");
        }
        Duration wait = settings.lockBackoff(attempt + 1);
        String firstLine = reason.lines().findFirst().orElse(reason);
        context.progress(Progress.message(firstLine + "; retry " + (attempt + 1) + "/" + settings.lockRetries()
                + " in " + wait.toMillis() + " ms"));
        pause(context, wait);
        context.checkCancelled();
    }

    private TaskOutcome stop(CommandContext context, String node, String upid, String what, long started,
                             TaskLogStream log) throws CommandFailure {
        context.progress(new Progress(what + ": cancel requested, stopping the Proxmox task", upid, null));
        try {
            pve.stopTask(node, upid);
        } catch (PveException e) {
            // It may have stopped on its own meanwhile; the status below tells.
            LOG.log(Level.FINE, "Stopping task {0}: {1}", new Object[] {upid, e.shortReason()});
        }
        long deadline = System.nanoTime() + settings.stopWait().toNanos();
        while (true) {
            try {
                PveTaskStatus status = pve.taskStatus(node, upid);
                if (!status.isRunning()) {
                    log.drain();
                    TaskOutcome end = finished(node, upid, status.exitstatus(), started, TaskOutcome.Kind.CANCELLED);
                    LOG.info(() -> "Cancelled " + what + ": task " + upid + " stopped (" + end.exitstatus() + ")");
                    return end;
                }
            } catch (PveException e) {
                checkInterrupted();
            }
            if (System.nanoTime() > deadline) {
                LOG.warning(() -> "Cancelled " + what + ": task " + upid + " still runs " + settings.stopWait()
                        + " after it was asked to stop");
                return new TaskOutcome(node, upid, TaskOutcome.Kind.CANCELLED, null, 0, List.of(), since(started));
            }
            try {
                Thread.sleep(settings.pollIntervalMin().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw agentStopped();
            }
        }
    }

    private TaskOutcome finished(String node, String upid, String exitstatus, long started, TaskOutcome.Kind as) {
        String exit = exitstatus == null ? "unknown" : exitstatus.trim();
        TaskOutcome.Kind kind = as != null ? as : TaskOutcome.classify(exit);
        List<String> tail = List.of();
        if (kind != TaskOutcome.Kind.OK && !(as != null && "OK".equals(exit))) {
            try {
                tail = pve.taskLogTail(node, upid, settings.logTailLines());
            } catch (PveException e) {
                LOG.log(Level.FINE, "Log of task {0} not read: {1}", new Object[] {upid, e.shortReason()});
            }
        }
        return new TaskOutcome(node, upid, kind, exit, TaskOutcome.warningCount(exit), tail, since(started));
    }

    private static Duration since(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }
}
