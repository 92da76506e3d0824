package io.corral.auth;

import io.corral.command.CommandSignal;
import io.corral.platform.Resources;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * When commands finish on this instance, lets the tracker look at the sessions whose VM is being
 * made, on the managed executor (after commit, outside the transaction that finished them). Looks
 * asked for while one runs or within {@link #GAP_MILLIS} of the last are folded into one more look:
 * under a busy command bus every finished command would otherwise cost a transaction here.
 */
@ApplicationScoped
public class AuthSessionWakeups {
    private static final Logger LOG = Logger.getLogger(AuthSessionWakeups.class.getName());

    static final long GAP_MILLIS = 100;

    @Resource
    ManagedExecutorService executor;

    /** Only waits out the gap; the look itself runs on {@link #executor}, never on the scheduler's one thread. */
    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    AuthSessionTracker tracker;

    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();

    @PostConstruct
    void check() {
        Resources.required(executor, "The default ManagedExecutorService");
        Resources.required(scheduler, "The default ManagedScheduledExecutorService");
    }

    /** Created at deployment, on a thread with the application's naming context. */
    void atDeployment(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        // nothing else: observing makes the container create this bean now
    }

    void onCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) CommandSignal signal) {
        if (signal.finishedCommands().isEmpty()) {
            return;
        }
        again.set(true);
        if (running.compareAndSet(false, true)) {
            later();
        }
    }

    private void later() {
        scheduler.schedule(() -> executor.submit(this::drain), GAP_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void drain() {
        try {
            while (again.getAndSet(false)) {
                tracker.trackCreating();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Auth sessions not advanced after finished commands: " + e.getMessage(), e);
        } finally {
            running.set(false);
            if (again.get() && running.compareAndSet(false, true)) {
                later();
            }
        }
    }
}
