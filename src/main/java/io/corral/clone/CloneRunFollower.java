package io.corral.clone;

import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.api.BatchProperty;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.util.UUID;

/** The run's second step: follows its items until every one is final, woken by finished commands. */
@Named
@Dependent
public class CloneRunFollower extends AbstractBatchlet {
    @Inject
    @BatchProperty
    String runId;

    @Inject
    CloneRunTracker tracker;

    @Inject
    CloneRunWakeups wakeups;

    @Inject
    CloneSettings settings;

    @Inject
    CloneRunWorker worker;

    @Inject
    CloneRunService runs;

    private volatile boolean stopped;

    @Override
    public String process() throws Exception {
        UUID run = UUID.fromString(runId);
        long seen = wakeups.generation();
        while (!stopped) {
            if (worker.call(() -> tracker.track(run))) {
                return "COMPLETED";
            }
            if (!worker.call(() -> runs.stillOwn(run))) {
                // Another instance took the run over (this one was silent too long): it drives it now.
                return "STOPPED";
            }
            seen = wakeups.await(seen, settings.checkMillis());
        }
        return "STOPPED";
    }

    @Override
    public void stop() {
        stopped = true;
    }
}
