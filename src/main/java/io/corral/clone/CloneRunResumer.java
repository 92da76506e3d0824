package io.corral.clone;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * After a start (a crash included), drives the runs that were queued or running: each gets a new
 * job execution, which queues only what is still pending and follows the rest.
 * <p>
 * It runs on the first request this instance serves (agents poll every few seconds), from
 * {@link CloneRunResumeFilter}: like every other run's, the job starts from a request thread, once
 * the application and its batch jobs are fully deployed.
 */
@ApplicationScoped
public class CloneRunResumer {
    private static final Logger LOG = Logger.getLogger(CloneRunResumer.class.getName());
    /** A run whose job failed is given a new execution at most this often. */
    static final long RETRY_MILLIS = 10_000;
    private final AtomicBoolean due = new AtomicBoolean(true);
    private volatile long notBefore;

    @Inject
    CloneRunService runs;

    @Inject
    CloneRunJobs jobs;

    /**
     * Resumes the unfinished runs without a job on this instance, the first time it is called after
     * a start or after {@link #resumeSoon()}; other calls return at once.
     */
    public void resumeOnce() {
        if (!due.get() || System.currentTimeMillis() < notBefore || !due.compareAndSet(true, false)) {
            return;
        }
        notBefore = System.currentTimeMillis() + RETRY_MILLIS;
        for (UUID run : runs.unfinished()) {
            try {
                jobs.start(run);
                LOG.info(() -> "Clone run " + run + " resumed");
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Clone run " + run + " could not be resumed: " + e.getMessage(), e);
            }
        }
    }

    /** A run's job ended without finishing the run (it failed): resume it from the next request. */
    public void resumeSoon() {
        due.set(true);
    }
}
