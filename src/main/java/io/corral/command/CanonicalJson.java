package io.corral.command;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.util.TreeMap;

/** JSON with object keys sorted, so equal payloads have equal text. */
final class CanonicalJson {
    private CanonicalJson() {
    }

    static String of(JsonValue value) {
        return sorted(value).toString();
    }

    static JsonValue parse(String text) {
        if (text == null) {
            return JsonValue.NULL;
        }
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readValue();
        }
    }

    private static JsonValue sorted(JsonValue value) {
        if (value instanceof JsonObject o) {
            JsonObjectBuilder b = Json.createObjectBuilder();
            new TreeMap<>(o).forEach((k, v) -> b.add(k, sorted(v)));
            return b.build();
        }
        if (value instanceof JsonArray a) {
            JsonArrayBuilder b = Json.createArrayBuilder();
            a.forEach(v -> b.add(sorted(v)));
            return b.build();
        }
        return value;
    }
}
