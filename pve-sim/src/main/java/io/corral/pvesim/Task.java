package io.corral.pvesim;

import java.time.Duration;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;

/**
 * A worker task: runs, then stops with an exit status: {@code OK}, {@code WARNINGS: n} (success with
 * warnings) or an error text.
 */
public final class Task {

    public static final String OK = "OK";
    public static final String INTERRUPTED = "interrupted by signal";

    private final Upid upid;
    private final List<String> log = new ArrayList<>();
    private final String plannedOutcome;
    private final Runnable abortEffect;
    private String exitStatus;
    private volatile Duration stretch;
    private long endTime;
    private Future<?> completion;

    Task(Upid upid, List<String> firstLines) {
        this(upid, firstLines, OK, () -> { });
    }

    Task(Upid upid, List<String> firstLines, String plannedOutcome, Runnable abortEffect) {
        this.upid = upid;
        this.log.addAll(firstLines);
        this.plannedOutcome = plannedOutcome;
        this.abortEffect = abortEffect;
    }

    public Upid upid() {
        return upid;
    }

    public synchronized boolean isRunning() {
        return exitStatus == null;
    }

    /** {@code null} while running. */
    /** A fault-injected running time that replaces the task's usual duration. */
    void stretchTo(Duration duration) {
        this.stretch = duration;
    }

    Duration stretch() {
        return stretch;
    }

    public synchronized String exitStatus() {
        return exitStatus;
    }

    /** Epoch seconds; 0 while running. */
    public synchronized long endTime() {
        return endTime;
    }

    /** The log lines written so far, ending with {@code TASK OK}, {@code TASK WARNINGS: n} or {@code TASK ERROR: …}. */
    public synchronized List<String> log() {
        return List.copyOf(log);
    }

    /** True for {@code OK} and {@code WARNINGS: n}: the task did its work. */
    public static boolean succeeded(String exitStatus) {
        return OK.equals(exitStatus) || (exitStatus != null && exitStatus.startsWith("WARNINGS: "));
    }

    /** How the task is to end when it runs its course: OK, or what a fault injected at its start. */
    String plannedOutcome() {
        return plannedOutcome;
    }

    /** Undoes a half-done task when it is stopped or fails. */
    Runnable abortEffect() {
        return abortEffect;
    }

    synchronized void append(List<String> lines) {
        if (exitStatus == null) {
            log.addAll(lines);
        }
    }

    synchronized void onCompletion(Future<?> future) {
        if (completion != null && completion != future) {
            completion.cancel(false);
        }
        this.completion = future;
    }

    /**
     * Stops the task if it still runs, applying {@code effect} first so that a client that sees the
     * task stopped also sees its outcome. Returns false if the task had already stopped.
     */
    synchronized boolean finish(String status, List<String> lastLines, Runnable effect, long now) {
        if (exitStatus != null) {
            return false;
        }
        effect.run();
        log.addAll(lastLines);
        log.add(succeeded(status) ? "TASK " + status : "TASK ERROR: " + status);
        exitStatus = status;
        endTime = now;
        if (completion != null) {
            completion.cancel(false);
        }
        return true;
    }
}
