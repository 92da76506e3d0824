package io.corral.command;

import jakarta.validation.constraints.Size;

import java.util.List;
import java.util.UUID;

/** The body of {@code POST /api/v1/agent/commands/start}: the commands to acknowledge at once. */
public record StartBatchRequest(@Size(min = 1, max = AgentCommandService.MAX_BATCH) List<UUID> ids) {
}
