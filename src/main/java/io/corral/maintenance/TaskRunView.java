package io.corral.maintenance;

import io.corral.platform.json.Jsons;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import java.io.StringReader;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A task run as the API shows it; {@code detail} holds the actions taken and the errors of single items. */
public record TaskRunView(UUID id, String task, String trigger, OffsetDateTime scheduledFor, String requestedBy,
                          String instance, String status, OffsetDateTime startedAt, OffsetDateTime finishedAt,
                          Long durationMs, Integer itemsSeen, Integer itemsActed, JsonObject detail, String error) {

    public static TaskRunView of(TaskRun r) {
        Long duration = r.finishedAt() == null ? null : Duration.between(r.startedAt(), r.finishedAt()).toMillis();
        return new TaskRunView(r.id(), r.task(), r.trigger(), r.scheduledFor(), r.requestedBy(), r.instance(),
                r.status(), r.startedAt(), r.finishedAt(), duration, r.itemsSeen(), r.itemsActed(), json(r.detail()),
                r.error());
    }

    private static JsonObject json(String text) {
        try (JsonReader reader = Jsons.JSON.createReader(new StringReader(text == null ? "{}" : text))) {
            return reader.readObject();
        }
    }
}
