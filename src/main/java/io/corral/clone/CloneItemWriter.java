package io.corral.clone;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.util.List;
import java.util.UUID;

/**
 * Reserves a VMID and queues the clone of each item of the chunk, each item in a transaction of its
 * own on a {@link CloneRunWorker} thread: the reservation, the command and the item's command id
 * commit together or not at all.
 */
@Named
@Dependent
public class CloneItemWriter extends AbstractItemWriter {
    @Inject
    @BatchProperty
    String runId;

    @Inject
    CloneRunService runs;

    @Inject
    CloneRunWorker worker;

    @Override
    public void writeItems(List<Object> items) throws Exception {
        UUID run = UUID.fromString(runId);
        if (!worker.call(() -> runs.stillOwn(run))) {
            throw new IllegalStateException("Clone run " + run + " was taken over by another instance");
        }
        for (Object n : items) {
            worker.call(() -> runs.queue(run, (Integer) n));
        }
    }
}
