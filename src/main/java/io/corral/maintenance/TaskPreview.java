package io.corral.maintenance;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** {@code GET /api/v1/maintenance/tasks/{name}/preview}: what a run now would do; nothing is changed. */
public record TaskPreview(String task, Instant at, int seen, int actionCount, List<TaskAction> actions,
                          Map<String, Object> detail) {

    public static TaskPreview of(String task, Instant at, TaskPlan plan) {
        return new TaskPreview(task, at, plan.seen(), plan.actions().size(), plan.actions(), plan.detail());
    }
}
