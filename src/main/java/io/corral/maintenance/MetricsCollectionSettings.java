package io.corral.maintenance;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;

/**
 * Settings of the metrics-collection task: the one reader of {@code CORRAL_TASK_METRICS_COLLECTION_WAIT_SECONDS}.
 * Its schedule is read by the task framework; the samples' retention ({@code CORRAL_RETENTION_METRICS_DAYS}) by
 * {@link MaintenanceSettings} with every other retention.
 */
@ApplicationScoped
public class MetricsCollectionSettings {
    @Inject
    @ConfigProperty(name = "CORRAL_TASK_METRICS_COLLECTION_WAIT_SECONDS", defaultValue = "300")
    int waitSeconds;

    /**
     * How long a run waits for the agents' {@code proxmox.metrics} results; a command still unfinished then
     * is cancelled and reported as an error of the run. Also the commands' expiry: one that no agent took by
     * then is of no use to this run.
     */
    public Duration waitTime() {
        if (waitSeconds < 1 || waitSeconds > 3600) {
            throw new IllegalStateException("CORRAL_TASK_METRICS_COLLECTION_WAIT_SECONDS must be from 1 to 3600, not "
                    + waitSeconds);
        }
        return Duration.ofSeconds(waitSeconds);
    }
}
