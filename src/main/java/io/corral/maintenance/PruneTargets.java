package io.corral.maintenance;

import io.corral.maintenance.PruneTarget.ChildTable;

import java.util.List;
import java.util.Optional;

/**
 * Everything the retention-prune job deletes, in the order it goes: the one list to extend when a
 * table gets a retention (metrics, fleet events, task runs come with their issues). A target
 * whose table does not exist in this database is skipped.
 */
final class PruneTargets {
    /** Same text as the predicate of the index {@code command_prunable} (V6), so the planner uses it. */
    static final String FINAL_COMMAND = "status in ('succeeded', 'failed', 'expired', 'cancelled')";
    static final String FINISHED_CLONE_RUN = "status in ('succeeded', 'failed', 'cancelled')";
    /** Same text as the predicate of the index {@code task_run_prunable} (V7). */
    static final String FINISHED_TASK_RUN = "status <> 'running'";
    /** Every sample is final; the index {@code vm_metric_prunable} (V8) is on (at, id) without a predicate. */
    static final String ANY_SAMPLE = "true";

    private PruneTargets() {
    }

    static List<PruneTarget> all(MaintenanceSettings settings) {
        return List.of(
                new PruneTarget("commands", "command", "id", "finished_at", FINAL_COMMAND,
                        List.of(new ChildTable("command_event", "command_id")), settings.commandsRetention()),
                new PruneTarget("clone-runs", "clone_run", "id", "finished_at", FINISHED_CLONE_RUN,
                        List.of(new ChildTable("clone_item", "run_id")), settings.cloneRunsRetention()),
                new PruneTarget("fleet-events", "fleet_event", "id", "at", "true", List.of(),
                        settings.fleetEventsRetention()),
                new PruneTarget("task-runs", "task_run", "id", "finished_at", FINISHED_TASK_RUN, List.of(),
                        settings.taskRunsRetention()),
                new PruneTarget("metrics", "vm_metric", "id", "at", ANY_SAMPLE, List.of(), settings.metricsRetention()));
    }

    static Optional<PruneTarget> named(List<PruneTarget> targets, String name) {
        return targets.stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
