package io.corral.agent.pve;

import jakarta.json.JsonObject;

/**
 * {@code GET /nodes/{node}/tasks/{upid}/status}: {@code status} is {@code running} or
 * {@code stopped}; once stopped, {@code exitstatus} is {@code OK}, {@code WARNINGS: n} or an error
 * text (null while running).
 */
public record PveTaskStatus(String node, String upid, String status, String exitstatus, String type, String id) {

    public static PveTaskStatus fromJson(String node, String upid, JsonObject data) {
        return new PveTaskStatus(node, upid, PveJson.string(data, "status"), PveJson.string(data, "exitstatus"),
                PveJson.string(data, "type"), PveJson.string(data, "id"));
    }

    /** Anything but {@code running} counts as stopped once an exit status is there. */
    public boolean isRunning() {
        return !"stopped".equals(status);
    }
}
