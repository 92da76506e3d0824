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
    private final AtomicBoolean due = new AtomicBoolean(true);

    @Inject
    CloneRunService runs;

    @Inject
    CloneRunJobs jobs;

    /** Resumes the unfinished runs the first time it is called; later calls return at once. */
    public void resumeOnce() {
        if (!due.get() || !due.compareAndSet(true, false)) {
            return;
        }
        for (UUID run : runs.unfinished()) {
            try {
                jobs.start(run);
                LOG.info(() -> "Clone run " + run + " resumed");
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Clone run " + run + " could not be resumed: " + e.getMessage(), e);
            }
        }
    }
}
