package io.corral.command;

import jakarta.validation.constraints.Size;

import java.util.List;

/** The body of {@code POST /api/v1/commands/batch}: commands to queue at once, each like a single enqueue. */
public record EnqueueBatchRequest(@Size(min = 1, max = CommandIntakeService.MAX_BATCH) List<EnqueueRequest> commands) {
}
