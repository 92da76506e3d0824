package io.corral.clone;

import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/** Starts the {@code clone-run} job for a run, at most one execution per run on this instance. */
@ApplicationScoped
public class CloneRunJobs {
    static final String JOB = "clone-run";
    private static final Logger LOG = Logger.getLogger(CloneRunJobs.class.getName());
    private final Set<UUID> active = ConcurrentHashMap.newKeySet();

    public void start(UUID runId) {
        if (!active.add(runId)) {
            return;
        }
        try {
            Properties parameters = new Properties();
            parameters.setProperty("runId", runId.toString());
            JobOperator operator = BatchRuntime.getJobOperator();
            long execution = operator.start(JOB, parameters);
            LOG.info(() -> "Clone run " + runId + ": job execution " + execution + " started");
        } catch (RuntimeException e) {
            active.remove(runId);
            throw e;
        }
    }

    void ended(UUID runId) {
        active.remove(runId);
    }
}
