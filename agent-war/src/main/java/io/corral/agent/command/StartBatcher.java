package io.corral.agent.command;

import io.corral.agent.command.CommandStarter.Outcome;
import io.corral.agent.control.ControlPlaneException;
import io.corral.agent.control.ControlPlaneResponse;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends the starts of all commands waiting for one in as few requests as it can: each worker hands
 * its command over and waits for its own outcome, and one sender thread sends whatever piled up
 * while its previous request was in flight as one {@code POST …/commands/start} (at most
 * {@value CommandChannel#MAX_BATCH} ids). It never waits to fill a batch. A request without an
 * answer, or answered 5xx, is sent again after a backoff for the commands still within their lease.
 */
public class StartBatcher {

    private static final Logger LOG = Logger.getLogger(StartBatcher.class.getName());

    private final CommandChannel channel;
    private final Backoff backoff;
    private final Clock clock;
    private final ThreadFactory threads;
    private final LinkedBlockingQueue<StartAttempt> waiting = new LinkedBlockingQueue<>();
    private final List<StartAttempt> retrying = new ArrayList<>();
    private volatile boolean stopped;
    private Thread sender;

    public StartBatcher(CommandChannel channel, Backoff backoff, Clock clock, ThreadFactory threads) {
        this.channel = channel;
        this.backoff = backoff;
        this.clock = clock;
        this.threads = threads;
    }

    public synchronized void start() {
        if (sender == null) {
            sender = threads.newThread(this::sendUntilStopped);
            sender.setName("corral-command-start");
            sender.setDaemon(true);
            sender.start();
        }
    }

    /** Stops the sender; commands still waiting for their start are abandoned (their workers stop). */
    public void stop() {
        Thread thread;
        synchronized (this) {
            thread = sender;
        }
        stopped = true;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        abandonWaiting();
    }

    /** Commands handed over and not yet in a request (for tests and diagnostics). */
    int waiting() {
        return waiting.size();
    }

    /**
     * Waits for the control plane's verdict on this command's start; empty when the control plane
     * has no batch endpoint (start it with its own request).
     */
    Optional<Outcome> start(StartAttempt attempt) throws InterruptedException {
        waiting.add(attempt);
        if (stopped) {
            abandonWaiting();
        }
        try {
            return attempt.outcome().get();
        } catch (ExecutionException e) {
            throw new InterruptedException(e.getCause().getMessage());
        } finally {
            // Interrupted while waiting: whatever the sender still does with it, nobody waits.
            attempt.abandon();
        }
    }

    private void sendUntilStopped() {
        List<StartAttempt> batch = List.of();
        try {
            while (!stopped) {
                batch = new ArrayList<>(retrying);
                retrying.clear();
                if (batch.isEmpty()) {
                    batch.add(waiting.take());
                }
                waiting.drainTo(batch, CommandChannel.MAX_BATCH - batch.size());
                batch.removeIf(StartAttempt::isSettled);
                try {
                    sendOrWait(batch);
                } catch (RuntimeException e) {
                    LOG.log(Level.SEVERE, "Starting " + batch.size() + " command(s) in one request failed "
                            + "unexpectedly; starting them one by one", e);
                    batch.forEach(attempt -> attempt.settle(null));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            batch.forEach(StartAttempt::abandon);
            retrying.forEach(StartAttempt::abandon);
            abandonWaiting();
        }
    }

    /** Sends the batch; keeps what got no verdict for another attempt after the backoff. */
    private void sendOrWait(List<StartAttempt> batch) throws InterruptedException {
        if (batch.isEmpty()) {
            return;
        }
        if (!channel.startBatches().available()) {
            batch.forEach(attempt -> attempt.settle(null));
            return;
        }
        List<StartAttempt> unanswered = send(batch);
        if (unanswered.isEmpty()) {
            backoff.reset();
            return;
        }
        Duration delay = backoff.next();
        Instant now = clock.instant();
        for (StartAttempt attempt : unanswered) {
            if (attempt.givesUp(now, delay)) {
                attempt.settle(attempt.unanswered());
            } else {
                retrying.add(attempt);
            }
        }
        if (!retrying.isEmpty()) {
            Thread.sleep(delay.toMillis());
        }
    }

    /** Sends one batch; returns the attempts that got no verdict. */
    private List<StartAttempt> send(List<StartAttempt> batch) throws InterruptedException {
        ControlPlaneResponse response;
        try {
            response = channel.startAll(batch.stream().map(StartAttempt::id).toList());
        } catch (ControlPlaneException e) {
            if (stopped || "interrupted".equals(e.getMessage())) {
                throw new InterruptedException("stopped while starting commands");
            }
            batch.forEach(attempt -> attempt.failed(e.requestMayHaveArrived(), e.getMessage()));
            return batch;
        }
        if (channel.startBatches().answeredMissing(response) || response.isVerdict(400)
                || response.status() == 413) {
            // No such endpoint, or the batch as a whole refused: each command gets its own verdict.
            batch.forEach(attempt -> attempt.settle(null));
            return List.of();
        }
        if (!response.isSuccess() || response.body() == null) {
            boolean mayHaveArrived = response.status() >= 500;
            batch.forEach(attempt -> attempt.failed(mayHaveArrived, response.summary()));
            return batch;
        }
        Set<String> started = startedIds(response.body());
        Map<String, String> refused = refusedCodes(response.body());
        List<StartAttempt> unanswered = new ArrayList<>();
        for (StartAttempt attempt : batch) {
            if (started.contains(attempt.id())) {
                attempt.settle(Outcome.STARTED);
            } else if (refused.containsKey(attempt.id())) {
                // As for the per-command call: a refusal means it is not running for us.
                LOG.info(() -> "Command " + attempt.id() + " (" + attempt.command().type() + ") not started: "
                        + refused.get(attempt.id()) + " (cancelled, expired, queued again or not ours)");
                attempt.settle(Outcome.REFUSED);
            } else {
                attempt.failed(true, "HTTP " + response.status() + " without a verdict on it");
                unanswered.add(attempt);
            }
        }
        return unanswered;
    }

    private void abandonWaiting() {
        List<StartAttempt> left = new ArrayList<>();
        waiting.drainTo(left);
        left.forEach(StartAttempt::abandon);
    }

    private static Set<String> startedIds(JsonObject body) {
        Set<String> ids = new HashSet<>();
        if (body.get("started") instanceof JsonArray started) {
            for (JsonValue id : started) {
                if (id instanceof JsonString s) {
                    ids.add(s.getString());
                }
            }
        }
        return ids;
    }

    private static Map<String, String> refusedCodes(JsonObject body) {
        Map<String, String> codes = new HashMap<>();
        if (body.get("refused") instanceof JsonArray refused) {
            for (JsonValue item : refused) {
                if (item instanceof JsonObject o && o.get("id") instanceof JsonString id) {
                    codes.put(id.getString(), o.get("code") instanceof JsonString c ? c.getString() : "refused");
                }
            }
        }
        return codes;
    }
}
