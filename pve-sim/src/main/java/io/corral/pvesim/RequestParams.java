package io.corral.pvesim;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Decoding of raw paths, query strings and request bodies into parameters. */
final class RequestParams {

    private RequestParams() {
    }

    /** The non-empty segments of a raw path, each percent-decoded ({@code %3A} in UPIDs). */
    static List<String> segments(String rawPath) {
        List<String> segments = new ArrayList<>();
        for (String part : rawPath.split("/")) {
            if (!part.isEmpty()) {
                // '+' is literal in a path; protect it from the form decoder.
                segments.add(URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return segments;
    }

    /** {@code a=1&b=x%20y} → map; a repeated name keeps its last value. */
    static Map<String, String> form(String encoded) {
        Map<String, String> params = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return params;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            params.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return params;
    }

    /** A JSON object body; booleans become 1/0 as PVE's parameter parser sees them. */
    static Map<String, String> json(String body) {
        Map<String, String> params = new LinkedHashMap<>();
        JsonNode tree;
        try {
            tree = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new PveException(400, "malformed JSON body");
        }
        if (tree == null || !tree.isObject()) {
            throw new PveException(400, "malformed JSON body");
        }
        tree.fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            if (value.isBoolean()) {
                params.put(field.getKey(), value.booleanValue() ? "1" : "0");
            } else if (!value.isNull()) {
                params.put(field.getKey(), value.isValueNode() ? value.asText() : value.toString());
            }
        });
        return params;
    }
}
