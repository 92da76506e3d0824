package io.corral.pvesim;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code format} of a string parameter, checked as PVE's JSONSchema.pm does: a property string
 * ({@code virtio,bridge=vmbr0}) against the keys its schema defines (default key, aliases, required
 * and typed sub-keys), or one of the named formats the simulator knows. Named formats it does not
 * know (volume ids, node names, …) pass: the resources check what matters of them.
 */
final class FormatCheck {

    private static final Pattern KEY_VALUE = Pattern.compile("^([^=]+)=(.+)$", Pattern.DOTALL);
    private static final Pattern DNS_NAME = Pattern.compile(
            "(([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)\\.)*([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)");
    private static final Pattern ID = Pattern.compile("(?i)[a-z][a-z0-9_.-]*[a-z0-9]");
    private static final Pattern BRIDGE = Pattern.compile("[-_.\\w]+");
    private static final Pattern MAC = Pattern.compile("(?i)[a-f0-9][02468ace](:[a-f0-9]{2}){5}");
    private static final Pattern DISK_SIZE = Pattern.compile("\\d+(\\.\\d+)?([KMGT](iB)?)?");

    private FormatCheck() {
    }

    /** The error for the value at {@code path} (e.g. {@code net0}), or {@code null} if it fits. */
    static String check(JsonNode format, String value, String path) {
        String problem = format.isObject() ? propertyString(format, value, path) : named(format.asText(), value);
        return problem == null ? null : "invalid format - " + problem;
    }

    /** The keys and values of a property string that fits its format (check it first). */
    static Map<String, String> parse(JsonNode format, String value) {
        Map<String, String> parsed = new LinkedHashMap<>();
        if (split(format, value, parsed) != null) {
            throw new IllegalArgumentException("not a valid property string: " + value);
        }
        return parsed;
    }

    private static String propertyString(JsonNode format, String value, String path) {
        Map<String, String> parsed = new LinkedHashMap<>();
        String problem = split(format, value, parsed);
        if (problem != null) {
            return problem;
        }
        Map<String, String> errors = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = format.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> key = it.next();
            JsonNode schema = key.getValue();
            String at = path + "." + key.getKey();
            String given = parsed.get(key.getKey());
            if (schema.has("alias")) {
                continue;
            }
            if (given == null) {
                if (schema.path("optional").asInt(0) == 0) {
                    errors.put(at, "property is missing and it is not optional");
                }
                continue;
            }
            String error = SchemaValidator.check(schema, given, at);
            if (error != null) {
                errors.put(at, error);
            }
        }
        if (errors.isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder("format error\n");
        errors.forEach((at, error) -> text.append(at).append(": ").append(error).append('\n'));
        return text.toString();
    }

    /** Splits like {@code parse_property_string}: its error text, or null with {@code parsed} filled. */
    private static String split(JsonNode format, String value, Map<String, String> parsed) {
        String defaultKey = null;
        for (String part : value.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            Matcher pair = KEY_VALUE.matcher(part);
            if (pair.matches()) {
                String key = pair.group(1);
                if (parsed.containsKey(key)) {
                    return "duplicate key in comma-separated list property: " + key + "\n";
                }
                JsonNode schema = format.get(key);
                if (schema != null && schema.has("alias")) {
                    if (schema.has("keyAlias")) {
                        String keyAlias = schema.get("keyAlias").asText();
                        if (parsed.containsKey(keyAlias)) {
                            return "key alias '" + keyAlias + "' is already defined\n";
                        }
                        parsed.put(keyAlias, key);
                    }
                    key = schema.get("alias").asText();
                    schema = format.get(key);
                    if (parsed.containsKey(key)) {
                        return "key '" + key + "' is already defined (via alias)\n";
                    }
                }
                if (schema == null) {
                    return "invalid key in comma-separated list property: " + key + "\n";
                }
                parsed.put(key, pair.group(2));
            } else if (!part.contains("=")) {
                if (defaultKey != null) {
                    return "duplicate key in comma-separated list property: " + defaultKey + "\n";
                }
                defaultKey = defaultKey(format);
                if (defaultKey == null) {
                    return "value without key, but schema does not define a default key\n";
                }
                if (parsed.containsKey(defaultKey)) {
                    return "duplicate key in comma-separated list property: " + defaultKey + "\n";
                }
                parsed.put(defaultKey, part);
            } else {
                return "missing key in comma-separated list property\n";
            }
        }
        return null;
    }

    private static String defaultKey(JsonNode format) {
        for (Iterator<Map.Entry<String, JsonNode>> it = format.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> key = it.next();
            if (key.getValue().path("default_key").asInt(0) == 1) {
                return key.getKey();
            }
        }
        return null;
    }

    /** The named formats whose checks matter to the simulated calls; the others pass. */
    private static String named(String format, String value) {
        return switch (format) {
            case "dns-name" -> DNS_NAME.matcher(value).matches() ? null
                    : "value does not look like a valid DNS name\n";
            case "pve-storage-id" -> id("storage", value);
            case "pve-bridge-id" -> BRIDGE.matcher(value).matches() ? null : "invalid bridge ID '" + value + "'\n";
            case "mac-addr" -> MAC.matcher(value).matches() ? null
                    : "value does not look like a valid unicast MAC address\n";
            case "disk-size" -> DISK_SIZE.matcher(value).matches() ? null
                    : "value does not look like a valid disk size: " + value + "\n";
            default -> null;
        };
    }

    private static String id(String type, String value) {
        if (value.length() < 2) {
            return type + " ID '" + value + "' cannot be shorter than 2 characters\n";
        }
        return ID.matcher(value).matches() ? null : type + " ID '" + value + "' contains illegal characters\n";
    }
}
