package io.corral.maintenance;

import jakarta.batch.api.chunk.listener.AbstractChunkListener;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.time.Duration;

/**
 * The pause budget between chunks: before a chunk starts, it sleeps for the share of the previous
 * chunk's busy time (read, delete, checkpoint, commit) that keeps pruning under
 * {@code CORRAL_PRUNE_MAX_DUTY_PERCENT} of wall time, so live traffic keeps its latency. It sleeps
 * before the chunk has touched the database, so no lock or snapshot is held meanwhile.
 */
@Named("prunePause")
@Dependent
public class PrunePause extends AbstractChunkListener {
    static final Duration MAX_PAUSE = Duration.ofSeconds(60);

    @Inject
    JobContext job;

    @Inject
    MaintenanceSettings settings;

    private PauseBudget budget;

    @Override
    public void beforeChunk() throws InterruptedException {
        PruneJobState state = PruneJobState.of(job);
        if (budget == null) {
            budget = new PauseBudget(settings.maxDutyPercent(), MAX_PAUSE);
        }
        long now = System.nanoTime();
        if (state.chunkStartNanos != 0) {
            long busy = now - state.chunkStartNanos;
            state.endChunk(now);
            Duration pause = budget.after(Duration.ofNanos(busy));
            if (!pause.isZero()) {
                Thread.sleep(pause.toMillis());
                state.pausedNanos += System.nanoTime() - now;
            }
        }
        state.chunkStartNanos = System.nanoTime();
    }

    @Override
    public void onError(Exception e) {
        PruneJobState.of(job).failed(e);
    }
}
