package io.corral.maintenance;

import jakarta.batch.runtime.context.JobContext;

import java.time.Instant;
import java.util.UUID;

/**
 * What the artifacts of one execution of the prune job share (the job context's transient
 * data): the run, the instant the retention is measured from, and the busy/paused time so far.
 */
final class PruneJobState {
    final UUID runId;
    final Instant startedAt;
    long busyNanos;
    long pausedNanos;
    /** When the current chunk began (after its pause); 0 before the first. */
    long chunkStartNanos;
    String error;

    private PruneJobState(UUID runId, Instant startedAt) {
        this.runId = runId;
        this.startedAt = startedAt;
    }

    /** Created by the job listener before the first step, from the job's parameters. */
    static PruneJobState begin(JobContext job) {
        PruneJobState state = new PruneJobState(UUID.fromString(job.getProperties().getProperty("runId")),
                Instant.parse(job.getProperties().getProperty("startedAt")));
        job.setTransientUserData(state);
        return state;
    }

    static PruneJobState of(JobContext job) {
        Object data = job.getTransientUserData();
        if (data instanceof PruneJobState state) {
            return state;
        }
        throw new IllegalStateException("The prune job's listener did not run: no job state");
    }

    /** Ends the current chunk's busy time (also for the last chunk, which no next chunk ends). */
    void endChunk(long nowNanos) {
        if (chunkStartNanos != 0) {
            busyNanos += nowNanos - chunkStartNanos;
            chunkStartNanos = 0;
        }
    }

    long busyMillis() {
        return busyNanos / 1_000_000;
    }

    long pausedMillis() {
        return pausedNanos / 1_000_000;
    }

    void failed(Throwable e) {
        if (error == null) {
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }
}
