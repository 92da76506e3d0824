package io.corral.agent.executor;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** What an executor gets to run one command: its payload, a progress reporter, a cancel flag. */
public final class CommandContext {

    private final String commandId;
    private final JsonObject payload;
    private final ProgressReporter progress;
    private final CancellationFlag cancellation;
    private final AtomicInteger taskLogLines = new AtomicInteger();
    private final AtomicBoolean taskLogCapNoted = new AtomicBoolean();

    public CommandContext(String commandId, JsonObject payload, ProgressReporter progress,
                          CancellationFlag cancellation) {
        this.commandId = commandId;
        this.payload = payload;
        this.progress = progress;
        this.cancellation = cancellation;
    }

    public String commandId() {
        return commandId;
    }

    /** The command's payload, never null (an absent payload is an empty object). */
    public JsonObject payload() {
        return payload;
    }

    /** Reports news at once; the agent repeats the latest news periodically meanwhile. */
    public void progress(String message) {
        progress.report(new Progress(message, null, null));
    }

    public void progress(Progress news) {
        progress.report(news);
    }

    /**
     * Claims up to {@code wanted} lines of this command's task log budget ({@code max} lines for all
     * its tasks together) and returns how many it may stream.
     */
    public int claimTaskLogLines(int wanted, int max) {
        int before = taskLogLines.getAndUpdate(n -> Math.min(max, n + wanted));
        return Math.max(0, Math.min(wanted, max - before));
    }

    /** True the first time only: the note that the task log budget is spent goes out once per command. */
    public boolean noteTaskLogCap() {
        return taskLogCapNoted.compareAndSet(false, true);
    }

    public boolean cancelled() {
        return cancellation.isSet();
    }

    /** Throws the cancellation failure when a cancel was requested: call between steps. */
    public void checkCancelled() throws CommandFailure {
        if (cancellation.isSet()) {
            throw CommandFailure.cancelled(cancellation.reason());
        }
    }

    /** Waits (e.g. between task polls) but returns early, with true, once cancelled. */
    public boolean awaitCancellation(Duration timeout) throws InterruptedException {
        return cancellation.await(timeout);
    }
}
