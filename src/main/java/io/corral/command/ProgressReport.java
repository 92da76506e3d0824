package io.corral.command;

/** The body of {@code POST /api/v1/agent/commands/{id}/progress}. */
public record ProgressReport(String message, String upid, Integer percent) {
}
