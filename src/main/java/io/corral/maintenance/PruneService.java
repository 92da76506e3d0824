package io.corral.maintenance;

import io.corral.platform.error.ConflictProblem;
import io.corral.platform.error.NotFoundProblem;
import jakarta.batch.operations.JobSecurityException;
import jakarta.batch.operations.NoSuchJobExecutionException;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Starts prune runs (on demand and on schedule) and reads them back. Never inside a transaction:
 * the run row must be committed before the batch runtime starts the job on another thread.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.NOT_SUPPORTED)
public class PruneService {
    static final String JOB = "retention-prune";
    private static final Logger LOG = Logger.getLogger(PruneService.class.getName());

    @Inject
    PruneRunStore runs;

    @Inject
    MaintenanceSettings settings;

    /** Starts a run now; {@code 409 PRUNE_RUNNING} when one is running on any instance. */
    public PruneRunView startNow(String requestedBy) {
        PruneRun run = runs.claim("api", requestedBy, null).orElseThrow(() -> new ConflictProblem("PRUNE_RUNNING",
                "A prune run is running: " + runs.running().map(r -> r.id().toString()).orElse("(just finished)")));
        return view(launch(run));
    }

    /** The run of this schedule slot, unless another instance already made it or a run is going on. */
    public Optional<PruneRun> startScheduled(Instant slot) {
        return runs.claim("schedule", "schedule", slot).map(this::launch);
    }

    public List<PruneRunView> recent(int limit) {
        return runs.recent(limit).stream().map(this::view).toList();
    }

    public PruneRunView get(UUID id) {
        return view(runs.find(id).orElseThrow(() -> new NotFoundProblem("prune run", id)));
    }

    private PruneRun launch(PruneRun run) {
        Properties parameters = new Properties();
        parameters.setProperty("runId", run.id().toString());
        parameters.setProperty("startedAt", run.startedAt().toInstant().toString());
        parameters.setProperty("chunkRows", Integer.toString(settings.chunkRows()));
        try {
            long execution = BatchRuntime.getJobOperator().start(JOB, parameters);
            runs.attachExecution(run.id(), execution);
            LOG.info(() -> "Prune run " + run.id() + " started (" + run.trigger() + ", by " + run.requestedBy()
                    + "), job execution " + execution);
            return runs.find(run.id()).orElse(run);
        } catch (RuntimeException e) {
            runs.finish(run.id(), "failed", "The batch job did not start: " + e, 0, 0);
            throw e;
        }
    }

    private PruneRunView view(PruneRun run) {
        return PruneRunView.of(run, batchStatus(run.jobExecutionId()));
    }

    private static String batchStatus(Long execution) {
        if (execution == null) {
            return null;
        }
        try {
            return BatchRuntime.getJobOperator().getJobExecution(execution).getBatchStatus().name();
        } catch (NoSuchJobExecutionException | JobSecurityException e) {
            return null;
        }
    }
}
