package io.corral.agent.command;

import io.corral.agent.control.ControlPlaneClient;
import io.corral.agent.executor.ExecutorRegistry;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The agent side of the command bus: worker loops that long-poll, a bounded execution pool,
 * progress tickers, and the result reporter with its outbox. Every thread comes from the given
 * factory (the container's ManagedThreadFactory when deployed). Polls, executions, starts, progress
 * and results each have their own threads, so none waits behind another. Starts and results go to
 * the control plane in batches of whatever piled up meanwhile, one request at a time each.
 */
public class CommandBus {

    private static final Logger LOG = Logger.getLogger(CommandBus.class.getName());

    private final CommandBusSettings settings;
    private final ControlPlaneClient client;
    private final ExecutorRegistry executors;
    private final ThreadFactory threads;
    private final InFlightCommands inFlight = new InFlightCommands();
    private final ReceivedCommands received = new ReceivedCommands();
    private final ResultReporter reporter;
    private final StartBatcher starts;
    private final CommandRunner runner;
    private final ThreadPoolExecutor executions;
    private final ScheduledThreadPoolExecutor progress;
    private final CommandChannel channel;
    private final List<WorkerLoop> loops = new CopyOnWriteArrayList<>();
    private final List<Thread> loopThreads = new CopyOnWriteArrayList<>();

    public CommandBus(CommandBusSettings settings, ControlPlaneClient client, ExecutorRegistry executors,
                      ThreadFactory threads) {
        this.settings = settings;
        this.client = client;
        this.executors = executors;
        this.threads = threads;
        this.channel = new CommandChannel(client);
        Supplier<Backoff> backoff = () -> new Backoff(settings.backoffInitial(), settings.backoffMax());
        this.reporter = new ResultReporter(new ResultOutbox(settings.dataDir()), channel, backoff, threads);
        int capacity = settings.workers() * settings.workerCapacity();
        this.executions = new ThreadPoolExecutor(capacity, capacity, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), named("corral-command-"));
        this.executions.allowCoreThreadTimeOut(true);
        this.progress = new ScheduledThreadPoolExecutor(2, named("corral-command-progress-"));
        this.progress.setRemoveOnCancelPolicy(true);
        this.starts = new StartBatcher(channel, backoff.get(), Clock.systemUTC(), threads);
        this.runner = new CommandRunner(new CommandStarter(channel, starts, backoff, Clock.systemUTC()), channel, executors,
                new TypeGate(settings.typeConcurrency(), settings.typeLimits()), inFlight, received, reporter, progress,
                settings.progressInterval());
    }

    public synchronized void start() {
        if (!loopThreads.isEmpty()) {
            return;
        }
        reporter.start();
        starts.start();
        LinkState link = new LinkState(LOG, "Command polling");
        ThreadFactory loopThreadsFactory = named("corral-command-poll-");
        for (int i = 0; i < settings.workers(); i++) {
            WorkerLoop loop = new WorkerLoop(channel, settings.workerCapacity(), settings.pollWaitSeconds(),
                    executions, runner, inFlight, received, link,
                    new Backoff(settings.backoffInitial(), settings.backoffMax()));
            Thread thread = loopThreadsFactory.newThread(loop);
            thread.setDaemon(true);
            loops.add(loop);
            loopThreads.add(thread);
            thread.start();
        }
        LOG.info(() -> "Command bus started: " + settings.workers() + " worker loop(s) x "
                + settings.workerCapacity() + " command(s), polling " + client.settings().baseUrl()
                + CommandChannel.BASE + "/next; executors " + executors.types() + ", "
                + settings.typeConcurrency() + " per type" + (settings.typeLimits().isEmpty() ? ""
                : " (own bounds " + settings.typeLimits() + ")") + "; outbox in " + settings.dataDir());
    }

    /**
     * Stops polling, gives executing commands a few seconds to finish, interrupts the rest
     * (they report {@code AGENT_STOPPED}), then stops the reporter; whatever is undelivered stays
     * in the outbox for the next start.
     */
    public synchronized void stop() {
        loops.forEach(WorkerLoop::stop);
        loopThreads.forEach(Thread::interrupt);
        join(loopThreads);
        executions.shutdown();
        try {
            if (!executions.awaitTermination(5, TimeUnit.SECONDS)) {
                executions.shutdownNow();
                executions.awaitTermination(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        starts.stop();
        progress.shutdownNow();
        reporter.stop();
        LOG.info(() -> "Command bus stopped; " + reporter.pendingCount() + " result(s) left in the outbox");
    }

    /** Cancellations from a poll or a heartbeat answer. */
    public void cancel(Collection<String> commandIds) {
        inFlight.cancel(commandIds);
    }

    public List<String> inFlightIds() {
        return inFlight.executingIds();
    }

    /** The command types this agent executes. */
    public List<String> capabilities() {
        return executors.types();
    }

    public int workersAlive() {
        return (int) loopThreads.stream().filter(Thread::isAlive).count();
    }

    public int outboxPending() {
        return reporter.pendingCount();
    }

    private ThreadFactory named(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return task -> {
            Thread thread = threads.newThread(task);
            thread.setName(prefix + counter.incrementAndGet());
            return thread;
        };
    }

    private static void join(List<Thread> threads) {
        for (Thread thread : threads) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
