package io.corral.agent.ssh;

import io.corral.agent.executor.CommandContext;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Disconnects sessions whose command was cancelled, even while a thread is blocked in JSch
 * (connecting, reading a file, waiting for a command): one daemon thread polls the watched
 * commands' cancel flags.
 */
final class CancelWatch implements AutoCloseable {

    private static final long PERIOD_MS = 100;

    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "corral-ssh-cancel-watch");
        thread.setDaemon(true);
        return thread;
    });

    /** Runs {@code onCancel} once when the command is cancelled, until the returned handle is closed. */
    Registration watch(CommandContext context, Runnable onCancel) {
        AtomicReference<ScheduledFuture<?>> self = new AtomicReference<>();
        ScheduledFuture<?> future = poller.scheduleWithFixedDelay(() -> {
            if (context.cancelled()) {
                onCancel.run();
                ScheduledFuture<?> me = self.get();
                if (me != null) {
                    me.cancel(false);
                }
            }
        }, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
        self.set(future);
        return () -> future.cancel(false);
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }

    /** Stops watching. */
    interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
