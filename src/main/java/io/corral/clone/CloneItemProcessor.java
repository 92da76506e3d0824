package io.corral.clone;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.ItemProcessor;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.util.UUID;

/** Passes on an item that is still pending (a cancel or a retry may have changed it since it was read). */
@Named
@Dependent
public class CloneItemProcessor implements ItemProcessor {
    @Inject
    @BatchProperty
    String runId;

    @Inject
    CloneRunService runs;

    @Inject
    CloneRunWorker worker;

    @Override
    public Object processItem(Object item) throws Exception {
        int n = (Integer) item;
        return worker.call(() -> runs.stillPending(UUID.fromString(runId), n)) ? n : null;
    }
}
