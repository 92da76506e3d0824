package io.corral.maintenance;

import jakarta.batch.api.listener.AbstractJobListener;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.util.logging.Logger;

/** Opens the job's shared state before the step and writes the run's outcome after it. */
@Named("pruneJobListener")
@Dependent
public class PruneJobListener extends AbstractJobListener {
    private static final Logger LOG = Logger.getLogger(PruneJobListener.class.getName());

    @Inject
    JobContext job;

    @Inject
    PruneRunStore runs;

    @Override
    public void beforeJob() {
        PruneJobState state = PruneJobState.begin(job);
        runs.attachExecution(state.runId, job.getExecutionId());
    }

    @Override
    public void afterJob() {
        PruneJobState state = PruneJobState.of(job);
        state.endChunk(System.nanoTime());
        BatchStatus batch = job.getBatchStatus();
        String status = batch == BatchStatus.FAILED ? "failed"
                : batch == BatchStatus.STOPPING || batch == BatchStatus.STOPPED ? "interrupted" : "succeeded";
        String error = status.equals("succeeded") ? null
                : state.error != null ? state.error : "job execution " + job.getExecutionId() + " ended " + batch;
        runs.finish(state.runId, status, error, state.busyMillis(), state.pausedMillis());
        runs.find(state.runId).ifPresent(run -> LOG.info(() -> "Prune run " + run.id() + " " + run.status()
                + ": removed " + run.removed() + " in " + run.chunks() + " chunks, busy " + run.busyMs()
                + " ms, paused " + run.pausedMs() + " ms" + (error == null ? "" : "; " + error)));
    }
}
