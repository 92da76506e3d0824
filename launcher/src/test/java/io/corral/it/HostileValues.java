package io.corral.it;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/** The values {@link HostileRequests} puts into otherwise well-formed requests. */
final class HostileValues {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    static final List<String> BAD_UUIDS = List.of("not-a-uuid", "123", "00000000-0000-0000-0000-00000000000g",
            "6f1c8a34-6c4e-4a65-9c39-0e7f7a6d3a1", "6f1c8a34-6c4e-4a65-9c39-0e7f7a6d3a111", "{6f1c8a34}",
            "' or '1'='1", "%00", "6f1c8a346c4e4a659c390e7f7a6d3a11x", "x".repeat(300));

    private HostileValues() {
    }

    /** Base body with one field replaced by raw JSON text. */
    static String with(ObjectNode base, String field, String rawJson) {
        ObjectNode copy = base.deepCopy();
        copy.remove(field);
        String rest = copy.toString();
        String entry = NODES.textNode(field) + ":" + rawJson;
        return rest.equals("{}") ? "{" + entry + "}" : "{" + entry + "," + rest.substring(1);
    }

    static String with(ObjectNode base, String field, JsonNode value) {
        ObjectNode copy = base.deepCopy();
        copy.set(field, value);
        return copy.toString();
    }

    static boolean parses(String text) {
        try {
            STRICT.readTree(text);
            return !text.isBlank();
        } catch (Exception e) {
            return false;
        }
    }

    static List<JsonNode> wrongTypes(JsonNode schema) {
        return switch (schema.path("type").asText()) {
            case "string" -> List.of(NODES.numberNode(123), NODES.booleanNode(true), NODES.arrayNode(), NODES.objectNode());
            case "integer" -> List.of(NODES.textNode("12"), NODES.numberNode(1.5), NODES.booleanNode(true), NODES.arrayNode());
            case "number" -> List.of(NODES.textNode("12"), NODES.booleanNode(true), NODES.objectNode());
            case "boolean" -> List.of(NODES.textNode("true"), NODES.numberNode(1), NODES.arrayNode());
            case "array" -> List.of(NODES.textNode("x"), NODES.objectNode(), NODES.numberNode(1));
            case "object" -> List.of(NODES.textNode("x"), NODES.arrayNode(), NODES.numberNode(1));
            default -> List.of();
        };
    }
}
