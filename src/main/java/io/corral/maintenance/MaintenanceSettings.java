package io.corral.maintenance;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;

/** Operator-tunable retention and pruning settings: the one reader of these keys. */
@ApplicationScoped
public class MaintenanceSettings {
    @Inject
    @ConfigProperty(name = "CORRAL_RETENTION_COMMANDS_DAYS", defaultValue = "30")
    int commandsDays;

    @Inject
    @ConfigProperty(name = "CORRAL_RETENTION_CLONE_RUNS_DAYS", defaultValue = "30")
    int cloneRunsDays;

    @Inject
    @ConfigProperty(name = "CORRAL_RETENTION_FLEET_EVENTS_DAYS", defaultValue = "7")
    int fleetEventsDays;

    @Inject
    @ConfigProperty(name = "CORRAL_RETENTION_TASK_RUNS_DAYS", defaultValue = "30")
    int taskRunsDays;

    @Inject
    @ConfigProperty(name = "CORRAL_RETENTION_METRICS_DAYS", defaultValue = "7")
    int metricsDays;

    @Inject
    @ConfigProperty(name = "CORRAL_PRUNE_CHUNK_ROWS", defaultValue = "250")
    int chunkRows;

    @Inject
    @ConfigProperty(name = "CORRAL_PRUNE_MAX_DUTY_PERCENT", defaultValue = "20")
    int maxDutyPercent;

    @Inject
    @ConfigProperty(name = "CORRAL_PRUNE_SCHEDULE", defaultValue = "03:00")
    String schedule;

    @Inject
    @ConfigProperty(name = "CORRAL_RETENTION_SECRETS_DAYS", defaultValue = "7")
    int secretsDays;

    /** Final commands (and their events) older than this are deleted. */
    public Duration commandsRetention() {
        return days("CORRAL_RETENTION_COMMANDS_DAYS", commandsDays);
    }

    /**
     * Finished commands older than this keep their row, but each secret value of their payload
     * and result is replaced by the marker for good.
     */
    public Duration secretsRetention() {
        return days("CORRAL_RETENTION_SECRETS_DAYS", secretsDays);
    }

    /** Finished clone runs (and their items) older than this are deleted. */
    public Duration cloneRunsRetention() {
        return days("CORRAL_RETENTION_CLONE_RUNS_DAYS", cloneRunsDays);
    }

    /** Fleet events (liveness, health, policy changes, task actions) older than this are deleted. */
    public Duration fleetEventsRetention() {
        return days("CORRAL_RETENTION_FLEET_EVENTS_DAYS", fleetEventsDays);
    }

    /** Finished background task runs older than this are deleted. */
    public Duration taskRunsRetention() {
        return days("CORRAL_RETENTION_TASK_RUNS_DAYS", taskRunsDays);
    }

    /** Metrics samples ({@code vm_metric}) older than this are deleted. */
    public Duration metricsRetention() {
        return days("CORRAL_RETENTION_METRICS_DAYS", metricsDays);
    }

    /** Rows of a pruned table deleted per transaction (their child rows go with them). */
    public int chunkRows() {
        if (chunkRows < 1 || chunkRows > 100_000) {
            throw new IllegalStateException("CORRAL_PRUNE_CHUNK_ROWS must be from 1 to 100000, not " + chunkRows);
        }
        return chunkRows;
    }

    /** The share of wall time pruning may be busy; it pauses between chunks for the rest. */
    public int maxDutyPercent() {
        if (maxDutyPercent < 1 || maxDutyPercent > 100) {
            throw new IllegalStateException("CORRAL_PRUNE_MAX_DUTY_PERCENT must be from 1 to 100, not " + maxDutyPercent);
        }
        return maxDutyPercent;
    }

    /** When the daily run starts. */
    public PruneSchedule schedule() {
        return PruneSchedule.parse(schedule);
    }

    private static Duration days(String key, int days) {
        if (days < 1 || days > 36_500) {
            throw new IllegalStateException(key + " must be from 1 to 36500 days, not " + days);
        }
        return Duration.ofDays(days);
    }
}
