package io.corral.agent.clone;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Gate counters for the heartbeat: clones waiting ({@code queued}) and holding a slot
 * ({@code running}, of which {@code watching} were handed a UPID), per source ({@code node/vmid})
 * and per storage; {@code waitedMillis}: the time the {@code granted} clones spent waiting, added up.
 */
public record CloneGateStats(int queued, int running, int watching, int perStorageLimit, int queueLimit,
                             Map<String, Integer> queuedByTemplate, Map<String, Integer> runningByTemplate,
                             Map<String, Integer> queuedByStorage, Map<String, Integer> runningByStorage,
                             long granted, long refusedQueueFull, long timedOut, long abandoned, long waitedMillis) {

    public JsonObject toJson() {
        return Json.createObjectBuilder()
                .add("queued", queued)
                .add("running", running)
                .add("watching", watching)
                .add("perStorageLimit", perStorageLimit)
                .add("queueLimit", queueLimit)
                .add("queuedByTemplate", counts(queuedByTemplate))
                .add("runningByTemplate", counts(runningByTemplate))
                .add("queuedByStorage", counts(queuedByStorage))
                .add("runningByStorage", counts(runningByStorage))
                .add("granted", granted)
                .add("refusedQueueFull", refusedQueueFull)
                .add("timedOut", timedOut)
                .add("abandoned", abandoned)
                .add("waitedMillis", waitedMillis)
                .build();
    }

    private static JsonObjectBuilder counts(Map<String, Integer> counts) {
        JsonObjectBuilder json = Json.createObjectBuilder();
        new TreeMap<>(counts).forEach(json::add);
        return json;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "clone gate: %d queued, %d running (%d watched)", queued, running,
                watching);
    }
}
