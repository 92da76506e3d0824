package io.corral.clone;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.listener.AbstractJobListener;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.util.UUID;
import java.util.logging.Logger;

/**
 * Lets the run be started again once its job execution has ended, and has it resumed when the
 * execution failed (a failed chunk or follower leaves the run unfinished).
 */
@Named
@Dependent
public class CloneRunJobListener extends AbstractJobListener {
    private static final Logger LOG = Logger.getLogger(CloneRunJobListener.class.getName());

    @Inject
    @BatchProperty
    String runId;

    @Inject
    CloneRunJobs jobs;

    @Inject
    JobContext job;

    @Override
    public void afterJob() {
        jobs.ended(UUID.fromString(runId));
        if (job.getBatchStatus() != BatchStatus.COMPLETED) {
            // The run is not final (its follower ends only when it is); ended() released it, so the next
            // look for orphaned runs (on any instance, within 10 s) drives it again.
            LOG.warning(() -> "Clone run " + runId + ": job execution " + job.getExecutionId() + " ended "
                    + job.getBatchStatus() + "; it is resumed by the next look for runs nobody drives");
        }
    }
}
