package io.corral.agent.command;

import io.corral.agent.control.ControlPlaneException;
import io.corral.agent.control.ControlPlaneResponse;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;

/**
 * One long-poll loop: asks {@code next} for as many commands as it has free slots, hands each to
 * the execution pool, and polls again. Errors back off (1 s → 30 s, jittered); the shared
 * {@link LinkState} logs once per change, never per poll.
 */
public class WorkerLoop implements Runnable {

    private static final Logger LOG = Logger.getLogger(WorkerLoop.class.getName());
    private static final int MAX_PER_POLL = 100;

    private final CommandChannel channel;
    private final Semaphore slots;
    private final int pollWaitSeconds;
    private final Executor executions;
    private final CommandRunner runner;
    private final InFlightCommands inFlight;
    private final ReceivedCommands received;
    private final LinkState link;
    private final Backoff backoff;
    private volatile boolean stopped;

    public WorkerLoop(CommandChannel channel, int capacity, int pollWaitSeconds, Executor executions,
                      CommandRunner runner, InFlightCommands inFlight, ReceivedCommands received, LinkState link,
                      Backoff backoff) {
        this.channel = channel;
        this.slots = new Semaphore(Math.max(1, capacity));
        this.pollWaitSeconds = pollWaitSeconds;
        this.executions = executions;
        this.runner = runner;
        this.inFlight = inFlight;
        this.received = received;
        this.link = link;
        this.backoff = backoff;
    }

    /** Makes {@link #run()} return after the current poll; interrupt the thread to cut it short. */
    public void stop() {
        stopped = true;
    }

    @Override
    public void run() {
        try {
            while (!stopped) {
                slots.acquire();
                int free = 1 + slots.drainPermits();
                int unused = free;
                try {
                    CommandDelivery delivery = poll(Math.min(free, MAX_PER_POLL));
                    if (delivery != null) {
                        inFlight.cancel(delivery.cancellations());
                        for (Command command : delivery.commands()) {
                            boolean holdsSlot = unused > 0;
                            unused -= holdsSlot ? 1 : 0;
                            dispatch(command, holdsSlot);
                        }
                    }
                } finally {
                    slots.release(unused);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The delivery, or null after a failure (the backoff has then been waited out). */
    private CommandDelivery poll(int max) throws InterruptedException {
        try {
            ControlPlaneResponse response = channel.next(jittered(pollWaitSeconds), max, received.have());
            if (response.status() == 204) {
                link.up();
                backoff.reset();
                return CommandDelivery.EMPTY;
            }
            if (response.status() == 200 && response.body() != null) {
                link.up();
                backoff.reset();
                CommandDelivery delivery = CommandDelivery.fromJson(response.body());
                // Listed from now on, by every loop's poll, even before an execution thread takes it.
                delivery.commands().forEach(command -> received.add(command.id()));
                return delivery;
            }
            link.failing(response.summary() + (response.errorMessage() == null ? "" : " - " + response.errorMessage()));
        } catch (ControlPlaneException e) {
            if (stopped || Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("stopped");
            }
            link.failing(e.getMessage());
        }
        Thread.sleep(backoff.next().toMillis());
        return null;
    }

    private void dispatch(Command command, boolean holdsSlot) {
        try {
            executions.execute(() -> {
                try {
                    runner.run(command);
                } finally {
                    if (holdsSlot) {
                        slots.release();
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            received.finished(command.id());
            if (holdsSlot) {
                slots.release();
            }
            LOG.warning(() -> "Command " + command.id() + " not run: the agent is stopping");
        }
    }

    /** ±10 %: polls opened together would otherwise time out together. */
    static int jittered(int seconds) {
        double factor = 0.9 + 0.2 * ThreadLocalRandom.current().nextDouble();
        return (int) Math.max(1, Math.min(60, Math.round(seconds * factor)));
    }
}
