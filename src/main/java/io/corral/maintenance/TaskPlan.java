package io.corral.maintenance;

import java.util.List;
import java.util.Map;

/**
 * What a task run would do.
 *
 * @param seen    how many items it looked at (VMs, agents, sessions …)
 * @param actions what it would do to which of them, in the order it would
 * @param detail  task-specific figures (thresholds used, how many were left out by a cap …), JSON-able
 * @param work    what the task itself needs to carry the plan out (never shown); may be null
 */
public record TaskPlan(int seen, List<TaskAction> actions, Map<String, Object> detail, Object work) {

    public TaskPlan {
        actions = List.copyOf(actions);
        detail = detail == null ? Map.of() : Map.copyOf(detail);
    }

    public static TaskPlan of(int seen, List<TaskAction> actions) {
        return new TaskPlan(seen, actions, Map.of(), null);
    }

    /** The plan's {@code work}, as the task that made it knows it. */
    public <T> T work(Class<T> type) {
        return type.cast(work);
    }
}
