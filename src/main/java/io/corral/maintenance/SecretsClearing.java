package io.corral.maintenance;

import io.corral.command.CommandSecretStore;
import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.logging.Logger;

/**
 * The prune job's first step: finished commands older than {@code CORRAL_RETENTION_SECRETS_DAYS}
 * keep their row but lose their secret values, in batches of {@code CORRAL_PRUNE_CHUNK_ROWS}.
 * Measured from the run's start like the deletions, so a resumed execution keeps the same line; the
 * run counts them ({@code secretsCleared}).
 */
@Named("secretsClearing")
@Dependent
public class SecretsClearing extends AbstractBatchlet {
    private static final Logger LOG = Logger.getLogger(SecretsClearing.class.getName());

    @Inject
    JobContext job;

    @Inject
    PruneSecrets secrets;

    @Inject
    MaintenanceSettings settings;

    private volatile boolean stopping;

    @Override
    public String process() {
        PruneJobState state = PruneJobState.of(job);
        OffsetDateTime cutoff = OffsetDateTime.ofInstant(state.startedAt.minus(settings.secretsRetention()),
                ZoneOffset.UTC);
        int limit = settings.chunkRows();
        long cleared = 0;
        try {
            CommandSecretStore.Batch batch;
            do {
                batch = secrets.clearBatch(state.runId, cutoff, limit);
                cleared += batch.cleared();
            } while (batch.seen() == limit && !stopping);
        } catch (RuntimeException e) {
            state.failed(e);
            throw e;
        }
        long total = cleared;
        LOG.info(() -> "Prune run " + state.runId + ": cleared the secrets of " + total
                + " commands finished before " + cutoff);
        return stopping ? BatchStatus.STOPPED.name() : BatchStatus.COMPLETED.name();
    }

    @Override
    public void stop() {
        stopping = true;
    }
}
