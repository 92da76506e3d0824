package io.corral.command;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

import java.io.StringReader;
import java.util.TreeMap;

/** JSON with object keys sorted, so equal payloads have equal text. */
final class CanonicalJson {
    /** Looked up once: {@code Json.create…} searches the class path for a provider on every call. */
    static final JsonProvider JSON = JsonProvider.provider();
    private CanonicalJson() {
    }

    static String of(JsonValue value) {
        return sorted(value).toString();
    }

    static JsonValue parse(String text) {
        if (text == null) {
            return JsonValue.NULL;
        }
        try (var reader = JSON.createReader(new StringReader(text))) {
            return reader.readValue();
        }
    }

    private static JsonValue sorted(JsonValue value) {
        if (value instanceof JsonObject o) {
            JsonObjectBuilder b = JSON.createObjectBuilder();
            new TreeMap<>(o).forEach((k, v) -> b.add(k, sorted(v)));
            return b.build();
        }
        if (value instanceof JsonArray a) {
            JsonArrayBuilder b = JSON.createArrayBuilder();
            a.forEach(v -> b.add(sorted(v)));
            return b.build();
        }
        return value;
    }
}
