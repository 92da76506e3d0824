package io.corral.agent.platform;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;

/** Reading HTTP bodies that should be JSON objects but may be anything (HTML error pages …). */
public final class JsonBodies {

    private JsonBodies() {
    }

    /** The body as a JSON object, or null when it is empty, not JSON, or not an object. */
    public static JsonObject parseObject(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            JsonValue value = reader.readValue();
            return value instanceof JsonObject object ? object : null;
        } catch (JsonException e) {
            return null;
        }
    }
}
