package io.corral.maintenance;

import io.corral.platform.json.Jsons;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import java.io.StringReader;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A prune run as the API shows it. {@code batchStatus} is what the batch runtime's job repository
 * says of its execution (null if it does not know it).
 */
public record PruneRunView(UUID id, String status, String trigger, String requestedBy, OffsetDateTime scheduledFor,
                           OffsetDateTime startedAt, OffsetDateTime updatedAt, OffsetDateTime finishedAt,
                           Map<String, Long> removed, long secretsCleared, int chunks, long busyMs, long pausedMs, String error,
                           Long jobExecutionId, String batchStatus) {

    static PruneRunView of(PruneRun r, String batchStatus) {
        return new PruneRunView(r.id(), r.status(), r.trigger(), r.requestedBy(), r.scheduledFor(), r.startedAt(),
                r.updatedAt(), r.finishedAt(), counts(r.removed()), r.secretsCleared(), r.chunks(), r.busyMs(), r.pausedMs(), r.error(),
                r.jobExecutionId(), batchStatus);
    }

    private static Map<String, Long> counts(String json) {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (JsonReader reader = Jsons.JSON.createReader(new StringReader(json == null ? "{}" : json))) {
            JsonObject object = reader.readObject();
            object.keySet().stream().sorted()
                    .forEach(table -> counts.put(table, object.getJsonNumber(table).longValue()));
        }
        return counts;
    }
}
