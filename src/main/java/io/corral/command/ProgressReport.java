package io.corral.command;

import jakarta.validation.constraints.Size;

/** The body of {@code POST /api/v1/agent/commands/{id}/progress}; the message is cut to 1000 characters. */
public record ProgressReport(String message, @Size(max = 200) String upid, Integer percent) {
}
