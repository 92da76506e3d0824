package io.corral.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Malformed requests for every operation of the control plane's OpenAPI document that takes a body or
 * path/query parameters, derived from the document (so a new endpoint is covered without a change here).
 * Deterministic for a seed. Each base request is harmless on its own: path ids are unknown UUIDs (or, for
 * a helper token's operations, its own guest's or session's id); the variant changes one thing that must
 * be refused.
 */
final class HostileRequests {
    static final int BROKEN_JSON_PER_BODY = 400;
    static final int BAD_QUERY_PER_PARAM = 12;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** One operation of the document: method, path template, parameters, request body schema (or null). */
    record Operation(String method, String path, List<JsonNode> params, JsonNode body, boolean bodyRequired, boolean agent,
                     String security) {
        String key() {
            return method + " " + path;
        }
    }

    /** One request to send; {@code body} null means none. */
    record Probe(Operation op, String variant, String path, String contentType, byte[] body) {
    }

    private final JsonNode document;
    private final Random random;
    private final Map<String, Map<String, String>> pathIdsBySecurity = new java.util.HashMap<>();

    HostileRequests(JsonNode document, long seed) {
        this.document = document;
        this.random = new Random(seed);
    }

    /**
     * Path parameters for the operations under {@code security}: a helper token is good for its own
     * guest or session only, so its operations are probed with that id to reach the body checks.
     */
    HostileRequests pathIds(String security, Map<String, String> ids) {
        pathIdsBySecurity.put(security, ids);
        return this;
    }

    List<Operation> operations() {
        List<Operation> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (op.getKey().equals("parameters")) {
                    continue;
                }
                List<JsonNode> params = new ArrayList<>();
                path.getValue().path("parameters").forEach(params::add);
                op.getValue().path("parameters").forEach(params::add);
                params.removeIf(p -> p.path("in").asText().equals("header"));
                JsonNode body = op.getValue().path("requestBody").path("content").path("application/json").path("schema");
                boolean bodyRequired = op.getValue().path("requestBody").path("required").asBoolean(false);
                String security = op.getValue().path("security").path(0).fieldNames().hasNext()
                        ? op.getValue().path("security").path(0).fieldNames().next() : "none";
                out.add(new Operation(op.getKey().toUpperCase(), path.getKey(), params,
                        body.isMissingNode() ? null : resolve(body), bodyRequired, path.getKey().startsWith("/api/v1/agent/"), security));
            }
        }
        return out;
    }

    /** Every malformed variant of one operation; empty when it takes neither a body nor parameters. */
    List<Probe> probes(Operation op) {
        List<Probe> out = new ArrayList<>();
        String basePath = basePath(op, Map.of());
        if (op.body() != null) {
            bodyProbes(op, basePath, out);
            if (!op.bodyRequired()) {
                // An optional body may be left out: an empty one is no body, not a broken one.
                out.removeIf(p -> p.body() != null && new String(p.body(), StandardCharsets.UTF_8).isBlank());
            }
        }
        byte[] base = op.body() == null ? null : bytes(example(op.body()).toString());
        String contentType = op.body() == null ? null : "application/json";
        for (JsonNode p : op.params()) {
            String name = p.path("name").asText();
            JsonNode schema = p.path("schema");
            List<String> bad = badScalars(schema, p.path("in").asText().equals("path"));
            for (String value : bad) {
                String encoded = value.startsWith("%") ? value : URLEncoder.encode(value, StandardCharsets.UTF_8);
                String path = p.path("in").asText().equals("path") ? basePath(op, Map.of(name, encoded))
                        : basePath + "?" + name + "=" + encoded;
                String variant = value.matches("%(FF|C3%28|00)") && p.path("in").asText().equals("path")
                        ? "bad path encoding" : "bad " + p.path("in").asText() + " " + kind(schema);
                out.add(new Probe(op, variant, path, contentType, base));
            }
        }
        return out;
    }

    private void bodyProbes(Operation op, String path, List<Probe> out) {
        ObjectNode base = (ObjectNode) example(op.body());
        String text = base.toString();
        // broken JSON: random corruptions of the valid body, kept only when a strict parser refuses them
        int made = 0;
        for (int attempt = 0; made < BROKEN_JSON_PER_BODY && attempt < BROKEN_JSON_PER_BODY * 20; attempt++) {
            String broken = corrupt(text);
            if (!HostileValues.parses(broken)) {
                out.add(json(op, "broken JSON", path, broken));
                made++;
            }
        }
        for (String fixed : List.of("", "{", "}", "{\"a\":}", "[}", "nul", "{'a':1}", "{\"a\":NaN}", "{\"a\":1,}",
                "{\"a\" 1}", "/* c */{}", "{\"a\":01}", "\"unterminated", "{\"a\":\"\\x\"}")) {
            out.add(json(op, "broken JSON", path, fixed));
        }
        for (String tail : List.of("}", "{}", "x", ",1", "]", " null", text)) {
            out.add(json(op, "trailing content", path, text + tail));
        }
        for (String top : List.of("[]", "\"x\"", "1", "null", "true", "[" + text + "]")) {
            out.add(json(op, "wrong type", path, top));
        }
        for (byte[] badUtf8 : List.of(new byte[]{(byte) 0xC3, 0x28}, new byte[]{(byte) 0xFF}, new byte[]{(byte) 0xC0, (byte) 0xAF},
                new byte[]{(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[]{(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80})) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.writeBytes(bytes("{\"" + firstField(op.body()) + "\":\""));
            b.writeBytes(badUtf8);
            b.writeBytes(bytes("\"}"));
            out.add(new Probe(op, "invalid UTF-8", path, "application/json", b.toByteArray()));
        }
        if (op.body().path("additionalProperties").isBoolean() && !op.body().path("additionalProperties").asBoolean()) {
            for (String unknown : List.of("zzUnknown", "Name", "__proto__", "")) {
                out.add(json(op, "unknown field", path, HostileValues.with(base, unknown, NODES.numberNode(1))));
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = op.body().path("properties").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> prop = it.next();
            String name = prop.getKey();
            JsonNode schema = resolve(prop.getValue());
            for (JsonNode wrong : HostileValues.wrongTypes(schema)) {
                out.add(json(op, "wrong type", path, HostileValues.with(base, name, wrong)));
            }
            String type = schema.path("type").asText();
            if (type.equals("string") && !schema.has("enum") && !schema.has("format")) {
                out.add(json(op, "huge string", path, HostileValues.with(base, name, NODES.textNode("h".repeat(100_000)))));
            }
            if (type.equals("array")) {
                ArrayNode huge = NODES.arrayNode();
                JsonNode item = example(resolve(schema.path("items")));
                for (int i = 0; i < 20_000; i++) {
                    huge.add(item);
                }
                out.add(json(op, "huge array", path, HostileValues.with(base, name, huge)));
            }
            if (type.equals("object") || type.equals("array") || type.isEmpty()) {
                out.add(json(op, "deep nesting", path, HostileValues.with(base, name, "[".repeat(5_000) + "]".repeat(5_000))));
                out.add(json(op, "deep nesting", path, HostileValues.with(base, name, "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000))));
            }
            if (type.equals("integer") || type.equals("number")) {
                for (String big : List.of("1e400", "99999999999999999999999", "-99999999999999999999999",
                        "2147483648", "9223372036854775808", "-9223372036854775809", "1.5", "1e-7")) {
                    out.add(json(op, "overflowing number", path, HostileValues.with(base, name, big)));
                }
            }
            if (schema.path("format").asText().equals("uuid")) {
                HostileValues.BAD_UUIDS.forEach(u -> out.add(json(op, "bad UUID", path, HostileValues.with(base, name, NODES.textNode(u)))));
            }
            if (schema.path("format").asText().equals("date-time")) {
                for (String d : List.of("yesterday", "2024-13-45T00:00:00Z", "2024-01-01", "1700000000")) {
                    out.add(json(op, "bad date-time", path, HostileValues.with(base, name, NODES.textNode(d))));
                }
            }
            if (schema.has("enum")) {
                for (String e : List.of("bogus", "", " " + schema.path("enum").path(0).asText())) {
                    out.add(json(op, "bad enum value", path, HostileValues.with(base, name, NODES.textNode(e))));
                }
            }
        }
        out.add(json(op, "deep nesting", path, "[".repeat(20_000) + "]".repeat(20_000)));
        long limit = op.agent() ? 16L * 1024 * 1024 : 1024 * 1024;
        out.add(new Probe(op, "oversized body", path, "application/json",
                bytes("{\"" + firstField(op.body()) + "\":\"" + "o".repeat((int) limit) + "\"}")));
        for (String ct : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", "application/json; charset=latin1x", "")) {
            out.add(new Probe(op, "wrong content type " + (ct.isEmpty() ? "(none)" : ct.replaceFirst(";.*", "")),
                    path, ct, bytes(text)));
        }
    }

    private Probe json(Operation op, String variant, String path, String body) {
        return new Probe(op, variant, path, "application/json", bytes(body));
    }

    private String corrupt(String text) {
        int at = random.nextInt(text.length() + 1);
        return switch (random.nextInt(5)) {
            case 0 -> text.substring(0, at);
            case 1 -> at < text.length() ? text.substring(0, at) + text.substring(at + 1) : text + "{";
            case 2 -> text.substring(0, at) + "{}[]:,\"'\\".charAt(random.nextInt(9)) + text.substring(at);
            case 3 -> text.substring(0, at) + "\u0001" + text.substring(at);
            default -> text.replace('"', '\'');
        };
    }

    private List<String> badScalars(JsonNode schema, boolean inPath) {
        List<String> out = new ArrayList<>();
        String format = schema.path("format").asText();
        switch (schema.path("type").asText()) {
            case "integer" -> out.addAll(List.of("abc", "1.5", "99999999999999999999", "-99999999999999999999",
                    "0x10", "1e3", "9223372036854775808", "%FF"));
            case "boolean" -> out.addAll(List.of("maybe", "2", "yes please", "%FF"));
            default -> {
                if (format.equals("uuid")) {
                    out.addAll(HostileValues.BAD_UUIDS);
                    out.add("%FF");
                } else if (format.equals("date-time")) {
                    out.addAll(List.of("yesterday", "2024-13-45T00:00:00Z", "1700000000", "%FF"));
                } else if (schema.has("enum")) {
                    out.addAll(List.of("bogus", " running", "%FF"));
                } else if (!inPath) {
                    // A free-text filter has no malformed value: one that matches nothing is answered with an
                    // empty list (or 404 for an unknown agent), which is right. Invalid UTF-8 decodes to U+FFFD.
                    return out;
                } else {
                    out.addAll(List.of("%FF", "%C3%28", "x".repeat(5_000), "a%2Fb"));
                }
            }
        }
        while (out.size() < BAD_QUERY_PER_PARAM && schema.path("type").asText().equals("integer")) {
            out.add(Long.toString(Long.MAX_VALUE) + random.nextInt(1000));
        }
        return out;
    }

    private static String kind(JsonNode schema) {
        String format = schema.path("format").asText();
        return schema.has("enum") ? "enum" : format.isEmpty() ? schema.path("type").asText("string") : format;
    }

    private String basePath(Operation op, Map<String, String> variantIds) {
        Map<String, String> overrides = new java.util.HashMap<>(pathIdsBySecurity.getOrDefault(op.security(), Map.of()));
        overrides.putAll(variantIds);
        String path = op.path();
        for (JsonNode p : op.params()) {
            if (p.path("in").asText().equals("path")) {
                String name = p.path("name").asText();
                String value = overrides.getOrDefault(name, p.path("schema").path("format").asText().equals("uuid")
                        ? UUID.nameUUIDFromBytes((op.key() + name).getBytes(StandardCharsets.UTF_8)).toString()
                        : "it-hostile-" + name.toLowerCase());
                path = path.replace("{" + name + "}", value);
            }
        }
        return path;
    }

    /** A valid-looking value for a schema: required properties only, minimal arrays. */
    JsonNode example(JsonNode schema) {
        schema = resolve(schema);
        if (schema.has("enum")) {
            return NODES.textNode(schema.path("enum").path(0).asText());
        }
        return switch (schema.path("type").asText()) {
            case "object" -> {
                ObjectNode o = NODES.objectNode();
                for (JsonNode r : schema.path("required")) {
                    o.set(r.asText(), example(schema.path("properties").path(r.asText())));
                }
                if (o.isEmpty() && schema.path("minProperties").asInt() > 0) {
                    o.put("it", "hostile");
                }
                yield o;
            }
            case "array" -> NODES.arrayNode().add(example(schema.path("items")));
            case "integer", "number" -> NODES.numberNode(Math.max(1, schema.path("minimum").asInt(1)));
            case "boolean" -> NODES.booleanNode(false);
            case "string" -> switch (schema.path("format").asText()) {
                case "uuid" -> NODES.textNode(UUID.nameUUIDFromBytes(schema.toString().getBytes()).toString());
                case "date-time" -> NODES.textNode("2030-01-01T00:00:00Z");
                default -> NODES.textNode("it-hostile-" + Math.max(12, schema.path("minLength").asInt()));
            };
            default -> NODES.objectNode();
        };
    }

    private static String firstField(JsonNode schema) {
        Iterator<String> names = schema.path("properties").fieldNames();
        return names.hasNext() ? names.next() : "x";
    }

    private JsonNode resolve(JsonNode schema) {
        String ref = schema.path("$ref").asText();
        if (ref.isEmpty()) {
            return schema;
        }
        JsonNode target = document;
        for (String part : ref.substring(2).split("/")) {
            target = target.path(part);
        }
        return resolve(target);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
