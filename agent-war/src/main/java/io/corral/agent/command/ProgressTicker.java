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
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps one running command fresh on the control plane: sends the latest progress at once when
 * there is news and repeats it every interval (so a slow command is not failed as STALE). Sends
 * happen on the progress scheduler, not on the executor's thread (only the last task log lines, at close). If the control plane says
 * the command is no longer running (404/409), the command's cancellation flag is set. Task log
 * lines in the news are queued and sent once each, in order ({@value #LOG_LINES_PER_REQUEST} per
 * request), never repeated; a failed send keeps them for the next one. Closing waits for a send in
 * flight and then sends what is left itself, so the last lines reach the control plane before the
 * result does (after the result they would be refused).
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
    private final ReentrantLock sending = new ReentrantLock();
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

    /** Stops ticking; task log lines not sent yet go out first (waited for briefly). */
    @Override
    public void close() {
        closed = true;
        if (tick != null) {
            tick.cancel(false);
        }
        try {
            if (!sending.tryLock(FLUSH_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.log(Level.FINE, "Last task log lines of command {0} not sent: a send is still in flight",
                        command.id());
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            boolean pending;
            synchronized (pendingLog) {
                pending = !pendingLog.isEmpty();
            }
            if (pending) {
                deliverHoldingLock();
            }
        } finally {
            sending.unlock();
        }
    }

    private void send() {
        if (!closed) {
            deliver();
        }
    }

    private void deliver() {
        sending.lock();
        try {
            deliverHoldingLock();
        } finally {
            sending.unlock();
        }
    }

    private void deliverHoldingLock() {
        List<String> lines = takeLog();
        do {
            if (!sendOnce(lines)) {
                return;
            }
            lines = takeLog();
        } while (!lines.isEmpty());
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
