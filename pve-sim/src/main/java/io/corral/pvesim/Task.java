package io.corral.pvesim;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;

/** A worker task: runs, then stops with an exit status ({@code OK} or an error text). */
public final class Task {

    public static final String OK = "OK";
    public static final String INTERRUPTED = "interrupted by signal";

    private final Upid upid;
    private final List<String> log = new ArrayList<>();
    private String exitStatus;
    private long endTime;
    private Future<?> completion;

    Task(Upid upid, List<String> firstLines) {
        this.upid = upid;
        this.log.addAll(firstLines);
    }

    public Upid upid() {
        return upid;
    }

    public synchronized boolean isRunning() {
        return exitStatus == null;
    }

    /** {@code null} while running. */
    public synchronized String exitStatus() {
        return exitStatus;
    }

    /** Epoch seconds; 0 while running. */
    public synchronized long endTime() {
        return endTime;
    }

    /** The log lines written so far, ending with {@code TASK OK} or {@code TASK ERROR: …} once stopped. */
    public synchronized List<String> log() {
        return List.copyOf(log);
    }

    synchronized void onCompletion(Future<?> future) {
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
        log.add(OK.equals(status) ? "TASK OK" : "TASK ERROR: " + status);
        exitStatus = status;
        endTime = now;
        if (completion != null) {
            completion.cancel(false);
        }
        return true;
    }
}
