package io.corral.command;

import jakarta.json.JsonValue;
import jakarta.validation.constraints.Size;

import java.util.List;
import java.util.UUID;

/** The body of {@code POST /api/v1/agent/commands/results}: outcomes of many commands at once. */
public record ResultBatchRequest(@Size(min = 1, max = AgentCommandService.MAX_BATCH) List<Item> results) {

    /** One outcome: the per-id result body with the command's id. */
    public record Item(UUID id, String status, JsonValue result, ResultReport.Error error) {
        ResultReport report() {
            return new ResultReport(status, result, error);
        }
    }
}
