package io.corral.agent.command;

import io.corral.agent.control.ControlPlaneException;
import io.corral.agent.control.ControlPlaneResponse;
import io.corral.agent.executor.Progress;
import io.corral.agent.executor.ProgressReporter;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps one running command fresh on the control plane: sends the latest progress at once when
 * there is news and repeats it every interval (so a slow command is not failed as STALE). Sends
 * happen on the progress scheduler, never on the executor's thread. If the control plane says
 * the command is no longer running (404/409), the command's cancellation flag is set.
 */
public final class ProgressTicker implements ProgressReporter, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ProgressTicker.class.getName());

    private final RunningCommand command;
    private final CommandChannel channel;
    private final ScheduledExecutorService scheduler;
    private volatile Progress latest;
    private volatile boolean closed;
    private ScheduledFuture<?> tick;

    private ProgressTicker(RunningCommand command, CommandChannel channel, ScheduledExecutorService scheduler,
                           Progress first) {
        this.command = command;
        this.channel = channel;
        this.scheduler = scheduler;
        this.latest = first;
    }

    /** Starts ticking every {@code interval} (the first tick one interval from now). */
    public static ProgressTicker start(RunningCommand command, CommandChannel channel,
                                       ScheduledExecutorService scheduler, Duration interval, Progress first) {
        ProgressTicker ticker = new ProgressTicker(command, channel, scheduler, first);
        try {
            ticker.tick = scheduler.scheduleAtFixedRate(ticker::send, interval.toMillis(),
                    interval.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            ticker.closed = true; // shutting down
        }
        return ticker;
    }

    @Override
    public void report(Progress news) {
        latest = news;
        if (!closed) {
            try {
                scheduler.execute(this::send);
            } catch (RejectedExecutionException e) {
                // shutting down: the news is dropped, the result still goes out
            }
        }
    }

    /** Changes what the next tick says without sending now (not news worth a request). */
    public void update(Progress progress) {
        latest = progress;
    }

    @Override
    public void close() {
        closed = true;
        if (tick != null) {
            tick.cancel(false);
        }
    }

    private void send() {
        if (closed) {
            return;
        }
        try {
            ControlPlaneResponse response = channel.progress(command.id(), latest);
            if (response.isVerdict(404) || response.isVerdict(409)) {
                if (command.cancellation().set("the control plane no longer runs this command ("
                        + response.summary() + " to progress)")) {
                    LOG.warning(() -> "Command " + command.id() + " is no longer running on the control plane ("
                            + response.summary() + " to progress); stopping it");
                }
            }
        } catch (ControlPlaneException e) {
            // The next tick tries again; the poll and result links log the outage.
            LOG.log(Level.FINE, "Progress of command {0} not delivered: {1}",
                    new Object[] {command.id(), e.getMessage()});
        }
    }
}
