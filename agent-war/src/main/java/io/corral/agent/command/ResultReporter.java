package io.corral.agent.command;

import io.corral.agent.control.ControlPlaneException;
import io.corral.agent.control.ControlPlaneResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Delivers final results on its own thread, never behind command execution or polls. Each
 * result is written to the {@link ResultOutbox} before it is sent and deleted once the control
 * plane has answered it for good (200 accepted, 409 another result stands, 404 unknown);
 * anything else (unreachable, 5xx, 401 …) keeps it for another attempt after a backoff. At
 * start, whatever the outbox holds from before a crash or an outage goes out first. Each round
 * sends everything pending (what piled up while the previous request was in flight) as one
 * {@code POST …/commands/results} ({@link ResultBatch}), each item answered like the per-command
 * call; a control plane without that endpoint gets one {@code POST …/{id}/result} per result.
 */
public class ResultReporter {

    /** The control plane refused a result as malformed (400); it is reported failed with the reason. */
    static final String RESULT_REFUSED = "RESULT_REFUSED";

    private static final Logger LOG = Logger.getLogger(ResultReporter.class.getName());

    // ONE_BY_ONE: the batch as a whole was not taken (no such endpoint, too large, refused): send each alone.
    private enum Delivery { DONE, RETRY, UNREACHABLE, ONE_BY_ONE }

    private final ResultOutbox outbox;
    private final CommandChannel channel;
    private final Backoff backoff;
    private final ThreadFactory threads;
    private final LinkState link = new LinkState(LOG, "Result delivery");
    private final Map<String, CommandResult> pending = new LinkedHashMap<>();
    private final Semaphore wake = new Semaphore(0);
    private final CountDownLatch stopping = new CountDownLatch(1);
    private Thread thread;

    public ResultReporter(ResultOutbox outbox, CommandChannel channel, Supplier<Backoff> backoff,
                          ThreadFactory threads) {
        this.outbox = outbox;
        this.channel = channel;
        this.backoff = backoff.get();
        this.threads = threads;
    }

    /** Loads the outbox, then starts the sender thread (results loaded go out first). */
    public synchronized void start() {
        try {
            List<CommandResult> stored = outbox.load();
            stored.forEach(result -> pending.putIfAbsent(result.commandId(), result));
            if (!stored.isEmpty()) {
                LOG.info(() -> stored.size() + " result(s) from before this start are waiting in "
                        + outbox.dir() + "; sending them first");
            }
        } catch (IOException e) {
            LOG.warning(() -> "Cannot read the result outbox " + outbox.dir() + ": " + e);
        }
        thread = threads.newThread(this::deliverUntilStopped);
        thread.setName("corral-result-reporter");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stores the result durably, then hands it to the sender. Never throws. */
    public void report(CommandResult result) {
        try {
            outbox.save(result);
        } catch (IOException | RuntimeException e) {
            LOG.warning(() -> "Cannot write the result of command " + result.commandId() + " to "
                    + outbox.dir() + " (" + e + "); it is kept in memory only");
        }
        synchronized (this) {
            pending.put(result.commandId(), result);
        }
        wake.release();
    }

    /** True when a result for this command is waiting to be delivered (memory or outbox). */
    public boolean holds(String commandId) {
        synchronized (this) {
            if (pending.containsKey(commandId)) {
                return true;
            }
        }
        return outbox.contains(commandId);
    }

    /** Asks the sender to try again now (e.g. the command was delivered again). */
    public void resendNow() {
        wake.release();
    }

    public synchronized int pendingCount() {
        return pending.size();
    }

    /** Stops the sender; undelivered results stay in the outbox for the next start. */
    public void stop() {
        Thread sender;
        synchronized (this) {
            sender = thread;
        }
        stopping.countDown();
        wake.release();
        if (sender == null) {
            return;
        }
        try {
            sender.join(2000);
            if (sender.isAlive()) {
                sender.interrupt();
                sender.join(2000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean stopped() {
        return stopping.getCount() == 0;
    }

    private void deliverUntilStopped() {
        try {
            while (!stopped()) {
                wake.drainPermits();
                List<CommandResult> batch;
                synchronized (this) {
                    batch = new ArrayList<>(pending.values());
                }
                if (batch.isEmpty()) {
                    wake.acquire();
                } else if (deliverRound(batch)) {
                    backoff.reset();
                } else {
                    stopping.await(backoff.next().toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Result delivery stopped unexpectedly; pending results stay in the outbox", e);
        }
    }

    /** True when every result sent was settled (more may be pending: the next round sends them). */
    private boolean deliverRound(List<CommandResult> pending) {
        if (channel.resultBatches().available()) {
            List<CommandResult> batch = ResultBatch.take(pending);
            Delivery delivery = deliverBatch(batch);
            if (delivery != Delivery.ONE_BY_ONE) {
                return delivery == Delivery.DONE;
            }
            return deliverEach(batch);
        }
        return deliverEach(pending);
    }

    private Delivery deliverBatch(List<CommandResult> batch) {
        ControlPlaneResponse response;
        try {
            response = channel.results(batch);
        } catch (ControlPlaneException e) {
            link.failing(e.getMessage());
            return Delivery.UNREACHABLE;
        }
        if (channel.resultBatches().answeredMissing(response) || response.status() == 413
                || response.isVerdict(400)) {
            return Delivery.ONE_BY_ONE;
        }
        Map<String, ControlPlaneResponse> answers = ResultBatch.answers(response);
        if (answers == null) {
            link.failing(response.summary() + (response.errorMessage() == null ? ""
                    : " - " + response.errorMessage()));
            return Delivery.RETRY;
        }
        boolean allDone = true;
        for (CommandResult result : batch) {
            ControlPlaneResponse answer = answers.get(result.commandId());
            allDone &= answer != null && interpret(result, answer) == Delivery.DONE;
        }
        return allDone ? Delivery.DONE : Delivery.RETRY;
    }

    /** True when every result was settled, each sent with its own request. */
    private boolean deliverEach(List<CommandResult> batch) {
        boolean allDone = true;
        for (CommandResult result : batch) {
            if (stopped()) {
                return false;
            }
            Delivery delivery = deliver(result);
            if (delivery == Delivery.UNREACHABLE) {
                return false;
            }
            allDone &= delivery == Delivery.DONE;
        }
        return allDone;
    }

    private Delivery deliver(CommandResult result) {
        try {
            return interpret(result, channel.result(result));
        } catch (ControlPlaneException e) {
            link.failing(e.getMessage());
            return Delivery.UNREACHABLE;
        }
    }

    /** Acts on the answer for one result, whether it came alone or as an item of a batch. */
    private Delivery interpret(CommandResult result, ControlPlaneResponse response) {
        String id = result.commandId();
        if (response.isSuccess()) {
            link.up();
            LOG.info(() -> "Result of command " + id + " delivered: " + result.status());
        } else if (response.isVerdict(409)) {
            link.up();
            LOG.warning(() -> "Result of command " + id + " (" + result.status() + ") refused: "
                    + response.summary() + ", another final result already stands; dropped");
        } else if (response.isVerdict(404)) {
            link.up();
            LOG.warning(() -> "Result of command " + id + " refused: " + response.summary()
                    + ", the control plane does not know it (or not as ours); dropped");
        } else if (response.status() == 413) {
            replace(CommandResult.failed(id, "RESULT_TOO_LARGE",
                    "the result exceeded the control plane's body limit"));
            return Delivery.RETRY;
        } else if (response.isVerdict(400) && !isRefusal(result)) {
            // The control plane cannot store this outcome (e.g. a code longer than it keeps):
            // say so as a failure it can store, rather than retry the same body forever.
            replace(CommandResult.failed(id, RESULT_REFUSED, "the control plane refused the result ("
                    + result.status() + "): " + (response.errorMessage() == null ? response.errorCode()
                    : response.errorMessage())));
            return Delivery.RETRY;
        } else {
            link.failing(response.summary() + (response.errorMessage() == null ? ""
                    : " - " + response.errorMessage()));
            return Delivery.RETRY;
        }
        settle(id);
        return Delivery.DONE;
    }

    private void settle(String commandId) {
        synchronized (this) {
            pending.remove(commandId);
        }
        try {
            outbox.delete(commandId);
        } catch (IOException e) {
            LOG.warning(() -> "Cannot delete the delivered result " + commandId + " from the outbox: " + e);
        }
    }

    private static boolean isRefusal(CommandResult result) {
        return result.error() != null && RESULT_REFUSED.equals(result.error().code());
    }

    private void replace(CommandResult result) {
        LOG.warning(() -> "Result of command " + result.commandId() + " was refused by the control plane; "
                + "reporting failed " + result.error().code() + " instead");
        report(result);
    }
}
