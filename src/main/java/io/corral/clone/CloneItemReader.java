package io.corral.clone;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.Serializable;
import java.util.List;
import java.util.UUID;

/**
 * Reads the item numbers of a run that are still pending, in order. The database is the real
 * checkpoint (an item's command id is written with its command); the batch checkpoint is the last
 * item read, so a restarted step skips what it already handed on.
 */
@Named
@Dependent
public class CloneItemReader extends AbstractItemReader {
    @Inject
    @BatchProperty
    String runId;

    @Inject
    CloneRunService runs;

    @Inject
    CloneRunWorker worker;

    private UUID run;
    private List<Integer> pending;
    private int next;
    private int last;

    @Override
    public void open(Serializable checkpoint) throws Exception {
        run = UUID.fromString(runId);
        last = checkpoint instanceof Integer n ? n : 0;
        pending = worker.call(() -> runs.pending(run)).stream().filter(n -> n > last).toList();
    }

    @Override
    public Object readItem() throws Exception {
        if (next >= pending.size() || worker.call(() -> runs.get(run).cancelRequested())) {
            return null;
        }
        last = pending.get(next++);
        return last;
    }

    @Override
    public Serializable checkpointInfo() {
        return last;
    }
}
