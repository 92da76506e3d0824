package io.corral.maintenance;

import java.util.List;
import java.util.Map;

/**
 * What a task run did.
 *
 * @param seen   items looked at
 * @param acted  items acted on (commands queued, states changed, samples stored …)
 * @param errors one line per item that could not be acted on; the run still succeeds
 * @param detail task-specific figures, JSON-able
 */
public record TaskResult(int seen, int acted, List<String> errors, Map<String, Object> detail) {

    public TaskResult {
        errors = List.copyOf(errors);
        detail = detail == null ? Map.of() : Map.copyOf(detail);
    }

    public static TaskResult of(int seen, int acted) {
        return new TaskResult(seen, acted, List.of(), Map.of());
    }
}
