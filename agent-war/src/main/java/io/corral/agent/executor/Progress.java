package io.corral.agent.executor;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.List;

/**
 * Progress of a running command: {@code POST …/commands/{id}/progress} with
 * {@code {"message","upid","percent","log"}}; upid and percent are null when unknown. {@code log}
 * holds new lines of a Proxmox task log: the progress ticker sends each of them once, in order,
 * while the rest of the progress is repeated as the latest news.
 */
public record Progress(String message, String upid, Integer percent, List<String> log) {

    public Progress {
        if (percent != null) {
            percent = Math.max(0, Math.min(100, percent));
        }
        log = log == null ? List.of() : List.copyOf(log);
    }

    public Progress(String message, String upid, Integer percent) {
        this(message, upid, percent, List.of());
    }

    public static Progress message(String message) {
        return new Progress(message, null, null);
    }

    /** The same news carrying these log lines instead of its own. */
    public Progress withLog(List<String> lines) {
        return new Progress(message, upid, percent, lines);
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
        if (!log.isEmpty()) {
            JsonArrayBuilder lines = Json.createArrayBuilder();
            log.forEach(lines::add);
            json.add("log", lines);
        }
        return json.build();
    }
}
