package io.corral.clone;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Drives the runs nobody drives: after a start (a crash included), and when another instance died
 * while driving runs (its ownership lapsed), each unfinished run without a live owner gets a new job
 * execution here, which queues only what is still pending and follows the rest.
 * <p>
 * It looks on requests this instance serves (agents poll every few seconds), from
 * {@link CloneRunResumeFilter}, at most every {@value #RETRY_MILLIS} ms: like every other run's, the
 * job starts from a request thread, once the application and its batch jobs are fully deployed.
 */
@ApplicationScoped
public class CloneRunResumer {
    private static final Logger LOG = Logger.getLogger(CloneRunResumer.class.getName());
    /** How often orphaned runs are looked for (a run whose job failed is retried at most this often). */
    static final long RETRY_MILLIS = 10_000;
    private final AtomicBoolean due = new AtomicBoolean(true);
    private volatile long notBefore;

    @Inject
    CloneRunService runs;

    @Inject
    CloneRunJobs jobs;

    /**
     * Takes over the unfinished runs no live instance drives, at most every {@link #RETRY_MILLIS};
     * other calls return at once.
     */
    public void resumeOnce() {
        long now = System.currentTimeMillis();
        if (now < notBefore || !due.compareAndSet(true, false)) {
            return;
        }
        notBefore = now + RETRY_MILLIS;
        due.set(true);
        for (UUID run : runs.orphaned()) {
            try {
                if (jobs.start(run)) {
                    LOG.info(() -> "Clone run " + run + " resumed by this instance");
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Clone run " + run + " could not be resumed: " + e.getMessage(), e);
            }
        }
    }
}
