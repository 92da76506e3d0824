package io.corral.command;

import jakarta.validation.constraints.Size;

import java.util.List;

/**
 * The body of {@code POST /api/v1/agent/commands/{id}/progress}; the message is cut to 1000 characters.
 * {@code log}: new lines of the Proxmox task log, in order, each sent once (recorded in the event trail).
 */
public record ProgressReport(String message, @Size(max = 200) String upid, Integer percent,
                             @Size(max = 100) List<@Size(max = 1000) String> log) {

    public ProgressReport(String message, String upid, Integer percent) {
        this(message, upid, percent, null);
    }
}
