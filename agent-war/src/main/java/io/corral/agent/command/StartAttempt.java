package io.corral.agent.command;

import io.corral.agent.command.CommandStarter.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Logger;

/**
 * One command waiting for the control plane to acknowledge its start, until the end of its lease:
 * what the attempts so far have shown, and the outcome its worker waits for. The attempts may be
 * batch requests, per-command requests, or first the one and then the other.
 */
final class StartAttempt {

    private static final Logger LOG = Logger.getLogger(StartAttempt.class.getName());

    private final RunningCommand running;
    private final Instant deadline;
    // Empty: the control plane has no batch endpoint, start it with its own request.
    private final CompletableFuture<Optional<Outcome>> outcome = new CompletableFuture<>();
    private volatile boolean mayHaveArrived;
    private volatile String lastProblem;

    StartAttempt(RunningCommand running, Instant deadline) {
        this.running = running;
        this.deadline = deadline;
    }

    String id() {
        return running.id();
    }

    Command command() {
        return running.command();
    }

    /** An attempt got no verdict; {@code mayHaveArrived} when the control plane may have acted on it. */
    void failed(boolean arrived, String problem) {
        mayHaveArrived |= arrived;
        lastProblem = problem;
    }

    /**
     * True when the next attempt, {@code delay} from {@code now}, would come after the lease, or
     * the command was cancelled meanwhile: stop asking (see {@link #unanswered()}).
     */
    boolean givesUp(Instant now, Duration delay) {
        return now.plus(delay).isAfter(deadline) || running.cancellation().isSet();
    }

    /**
     * The outcome after giving up: {@code UNCONFIRMED} when an attempt may have arrived (the command
     * may be running on the control plane on our behalf), otherwise {@code REFUSED}.
     */
    Outcome unanswered() {
        LOG.warning(() -> "Command " + id() + " (" + command().type() + ") not started within its lease: "
                + lastProblem);
        return mayHaveArrived ? Outcome.UNCONFIRMED : Outcome.REFUSED;
    }

    /** Hands the worker its outcome ({@code null}: start it with its own request). */
    void settle(Outcome verdict) {
        outcome.complete(Optional.ofNullable(verdict));
    }

    /** The agent is stopping: the worker stops waiting. */
    void abandon() {
        outcome.completeExceptionally(new InterruptedException("the agent is stopping"));
    }

    boolean isSettled() {
        return outcome.isDone();
    }

    CompletableFuture<Optional<Outcome>> outcome() {
        return outcome;
    }
}
