package io.corral.maintenance;

import java.time.Instant;

/** A background task as {@code GET /api/v1/maintenance/tasks} shows it: schedule, next and last run. */
public record TaskView(String name, String description, String schedule, Instant nextRunAt, TaskRunView lastRun,
                       TaskRunView lastScheduledRun) {
}
