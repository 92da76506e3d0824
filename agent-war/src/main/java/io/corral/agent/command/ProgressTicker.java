package io.corral.agent.command;

import io.corral.agent.control.ControlPlaneException;
import io.corral.agent.control.ControlPlaneResponse;
import io.corral.agent.executor.Progress;
import io.corral.agent.executor.ProgressReporter;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps one running command fresh on the control plane: sends the latest progress at once when
 * there is news and repeats it every interval (so a slow command is not failed as STALE). Sends
 * happen on the progress scheduler, never on the executor's thread. If the control plane says
 * the command is no longer running (404/409), the command's cancellation flag is set. Task log
 * lines in the news are queued and sent once each, in order ({@value #LOG_LINES_PER_REQUEST} per
 * request), never repeated; a failed send keeps them for the next one, and closing sends what is left.
 */
public final class ProgressTicker implements ProgressReporter, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ProgressTicker.class.getName());
    static final int LOG_LINES_PER_REQUEST = 100;
    private static final Duration FLUSH_WAIT = Duration.ofSeconds(3);

    private final RunningCommand command;
    private final CommandChannel channel;
    private final ScheduledExecutorService scheduler;
    private volatile Progress latest;
    private final Deque<String> pendingLog = new ArrayDeque<>();
    private final Object sending = new Object();
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
        if (!news.log().isEmpty()) {
            synchronized (pendingLog) {
                pendingLog.addAll(news.log());
            }
            news = news.withLog(List.of());
        }
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
        latest = progress.withLog(List.of());
    }

    /** Stops ticking; task log lines not sent yet go out first (on the scheduler, waited for briefly). */
    @Override
    public void close() {
        closed = true;
        if (tick != null) {
            tick.cancel(false);
        }
        boolean pending;
        synchronized (pendingLog) {
            pending = !pendingLog.isEmpty();
        }
        if (pending) {
            try {
                Future<?> flush = scheduler.submit(this::deliver);
                flush.get(FLUSH_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException | ExecutionException | TimeoutException e) {
                LOG.log(Level.FINE, "Last task log lines of command {0} not delivered", command.id());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void send() {
        if (!closed) {
            deliver();
        }
    }

    private void deliver() {
        synchronized (sending) {
            List<String> lines = takeLog();
            do {
                if (!sendOnce(lines)) {
                    return;
                }
                lines = takeLog();
            } while (!lines.isEmpty());
        }
    }

    private List<String> takeLog() {
        synchronized (pendingLog) {
            List<String> lines = new ArrayList<>();
            while (!pendingLog.isEmpty() && lines.size() < LOG_LINES_PER_REQUEST) {
                lines.add(pendingLog.pollFirst());
            }
            return lines;
        }
    }

    private void giveBack(List<String> lines) {
        synchronized (pendingLog) {
            for (int i = lines.size() - 1; i >= 0; i--) {
                pendingLog.addFirst(lines.get(i));
            }
        }
    }

    /** True if the control plane took the request (lines sent are gone from the queue). */
    private boolean sendOnce(List<String> lines) {
        try {
            ControlPlaneResponse response = channel.progress(command.id(), latest.withLog(lines));
            if (response.isVerdict(400)) {
                LOG.warning(() -> "Progress of command " + command.id() + " refused (" + response.summary()
                        + "); " + lines.size() + " task log lines dropped");
                return true;
            }
            if (!response.isSuccess() && !response.isVerdict(404) && !response.isVerdict(409)) {
                giveBack(lines);
                return false;
            }
            if (response.isVerdict(404) || response.isVerdict(409)) {
                if (command.cancellation().set("the control plane no longer runs this command ("
                        + response.summary() + " to progress)")) {
                    LOG.warning(() -> "Command " + command.id() + " is no longer running on the control plane ("
                            + response.summary() + " to progress); stopping it");
                }
                return false;
            }
            return true;
        } catch (ControlPlaneException e) {
            // The next tick tries again; the poll and result links log the outage.
            giveBack(lines);
            LOG.log(Level.FINE, "Progress of command {0} not delivered: {1}",
                    new Object[] {command.id(), e.getMessage()});
            return false;
        }
    }
}
