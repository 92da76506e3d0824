package io.corral.container.probe;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.Serializable;

/** Reads 1..items; its checkpoint is the last number read, so a restart goes on after it. */
@Named
@Dependent
public class RestartProbeReader extends AbstractItemReader {
    @Inject
    @BatchProperty
    String items;

    private int last;

    @Override
    public void open(Serializable checkpoint) {
        last = checkpoint == null ? 0 : (Integer) checkpoint;
    }

    @Override
    public Object readItem() {
        return last < Integer.parseInt(items) ? ++last : null;
    }

    @Override
    public Serializable checkpointInfo() {
        return last;
    }
}
