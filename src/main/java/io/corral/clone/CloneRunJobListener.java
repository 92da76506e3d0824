package io.corral.clone;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.listener.AbstractJobListener;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.util.UUID;

/** Lets the run be started again once its job execution has ended, however it ended. */
@Named
@Dependent
public class CloneRunJobListener extends AbstractJobListener {
    @Inject
    @BatchProperty
    String runId;

    @Inject
    CloneRunJobs jobs;

    @Override
    public void afterJob() {
        jobs.ended(UUID.fromString(runId));
    }
}
