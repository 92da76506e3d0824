package io.corral.maintenance;

import io.corral.command.CommandSecretStore;
import io.corral.platform.db.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One batch of the prune run's secrets clearing, counted on the run in the same transaction as the
 * clearing itself: the run's {@code secretsCleared} is exact even when the run dies half-way.
 */
@ApplicationScoped
public class PruneSecrets {

    @Inject
    Jdbc jdbc;

    @Inject
    PruneRunStore runs;

    /** Clears up to {@code limit} finished commands' secrets (finished before {@code cutoff}) for run {@code runId}. */
    @Transactional
    public CommandSecretStore.Batch clearBatch(UUID runId, OffsetDateTime cutoff, int limit) {
        CommandSecretStore.Batch batch = new CommandSecretStore(jdbc).clearFinishedBefore(cutoff, limit);
        if (batch.cleared() > 0) {
            runs.addSecretsCleared(runId, batch.cleared());
        }
        return batch;
    }
}
