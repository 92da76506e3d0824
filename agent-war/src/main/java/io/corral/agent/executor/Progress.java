package io.corral.agent.executor;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/**
 * Progress of a running command: {@code POST …/commands/{id}/progress} with
 * {@code {"message","upid","percent"}}; upid and percent are null when unknown.
 */
public record Progress(String message, String upid, Integer percent) {

    public Progress {
        if (percent != null) {
            percent = Math.max(0, Math.min(100, percent));
        }
    }

    public static Progress message(String message) {
        return new Progress(message, null, null);
    }

    public JsonObject toJson() {
        JsonObjectBuilder json = Json.createObjectBuilder().add("message", message == null ? "" : message);
        if (upid == null) {
            json.addNull("upid");
        } else {
            json.add("upid", upid);
        }
        if (percent == null) {
            json.addNull("percent");
        } else {
            json.add("percent", percent);
        }
        return json.build();
    }
}
