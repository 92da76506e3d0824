package io.corral.clone;

import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Starts the {@code clone-run} job for a run: at most one execution per run on this instance, and
 * only when this instance becomes the run's owner (the {@code clone_run.owner} column), so two
 * instances never drive one run. The follower renews ownership every check; a run whose owner has
 * been silent for {@value #OWNER_STALE_SECONDS} s (its instance died) is taken over by the next
 * instance that looks ({@link CloneRunResumer}).
 */
@ApplicationScoped
public class CloneRunJobs {
    static final String JOB = "clone-run";
    static final int OWNER_STALE_SECONDS = 10;
    /** This process, as a run's owner: host, process id and a random part (a restart is a new owner). */
    static final String OWNER = host() + "/" + ProcessHandle.current().pid() + "/"
            + UUID.randomUUID().toString().substring(0, 8);
    private static final Logger LOG = Logger.getLogger(CloneRunJobs.class.getName());
    private final Set<UUID> active = ConcurrentHashMap.newKeySet();

    @Inject
    CloneRunService runs;

    /** Starts the run's job here if this instance now owns the run; false if another instance drives it. */
    public boolean start(UUID runId) {
        if (!active.add(runId)) {
            return true;
        }
        if (!runs.own(runId)) {
            active.remove(runId);
            LOG.fine(() -> "Clone run " + runId + " is driven by another instance");
            return false;
        }
        try {
            Properties parameters = new Properties();
            parameters.setProperty("runId", runId.toString());
            JobOperator operator = BatchRuntime.getJobOperator();
            long execution = operator.start(JOB, parameters);
            LOG.info(() -> "Clone run " + runId + ": job execution " + execution + " started by " + OWNER);
            return true;
        } catch (RuntimeException e) {
            active.remove(runId);
            runs.disown(runId);
            throw e;
        }
    }

    /** The run's job execution ended here: another start (here or elsewhere) may drive it. */
    void ended(UUID runId) {
        active.remove(runId);
        runs.disown(runId);
    }

    private static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown-host";
        }
    }
}
