package io.corral.pvesim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks call parameters against the official PVE API schema (bundled as
 * {@code pve-api-schema.json}), with the messages of PVE's JSONSchema.pm: missing required
 * properties, properties the schema does not define (indexed ones such as {@code scsi31} too),
 * properties another requires, simple types, ranges and enumerations, and formats
 * ({@link FormatCheck}: property strings such as {@code net0}, DNS names, storage ids).
 */
public final class SchemaValidator {

    static final Pattern TRUE = Pattern.compile("(?i)1|on|yes|true");
    private static final Pattern FALSE = Pattern.compile("(?i)0|off|no|false");
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    private static final String RESOURCE = "/pve-api-schema.json";
    private static final Pattern INDEXED = Pattern.compile("([a-z]+)(\\d+)");
    // The highest index of an indexed property, where its description states it: "(n is 0 to 30)".
    private static final Pattern INDEX_RANGE = Pattern.compile("\\(n is 0 to (\\d+)");

    private final JsonNode paths;

    private SchemaValidator(JsonNode paths) {
        this.paths = paths;
    }

    /** The schema bundled with the simulator. */
    public static SchemaValidator bundled() {
        try (InputStream in = SchemaValidator.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return new SchemaValidator(Json.MAPPER.readTree(in).path("paths"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    public boolean knows(String method, String template) {
        return paths.path(template).has(method);
    }

    /** The {@code format} of a call's parameter ({@code scsi0} finds {@code scsi[n]}); a missing node if none. */
    JsonNode format(String method, String template, String key) {
        JsonNode property = property(paths.path(template).path(method).path("parameters").path("properties"), key);
        return property == null ? MissingNode.getInstance() : property.path("format");
    }

    /**
     * Validates one call. Path parameters count as provided and are type-checked like the rest.
     *
     * @throws PveException 400 {@code Parameter verification failed.} listing every bad parameter
     */
    public void validate(String method, String template, Map<String, String> pathParams, Map<String, String> params) {
        JsonNode schema = paths.path(template).path(method).path("parameters");
        JsonNode properties = schema.path("properties");
        Map<String, String> errors = new TreeMap<>();
        Map<String, String> all = new TreeMap<>(params);
        all.putAll(pathParams);
        for (Map.Entry<String, String> param : all.entrySet()) {
            JsonNode property = property(properties, param.getKey());
            if (property == null) {
                if (schema.path("additionalProperties").asInt(1) == 0) {
                    errors.put(param.getKey(),
                            "property is not defined in schema and the schema does not allow additional properties");
                }
            } else {
                String error = check(property, param.getValue(), param.getKey());
                if (error != null) {
                    errors.put(param.getKey(), error);
                }
                JsonNode requires = property.path("requires");
                if (requires.isTextual() && !all.containsKey(requires.asText())) {
                    errors.put(requires.asText(), "missing property required by '" + param.getKey() + "'");
                }
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> property = it.next();
            if (property.getValue().path("optional").asInt(0) == 0 && !all.containsKey(property.getKey())) {
                errors.put(property.getKey(), "property is missing and it is not optional");
            }
        }
        if (!errors.isEmpty()) {
            throw PveException.parameters(errors);
        }
    }

    /**
     * The property, or for an indexed key such as {@code net0} the schema's {@code net[n]} when the
     * index is within the range its description states.
     */
    private static JsonNode property(JsonNode properties, String key) {
        JsonNode property = properties.get(key);
        Matcher indexed = INDEXED.matcher(key);
        if (property != null || !indexed.matches()) {
            return property;
        }
        property = properties.get(indexed.group(1) + "[n]");
        if (property == null) {
            return null;
        }
        Matcher range = INDEX_RANGE.matcher(property.path("description").asText(""));
        if (range.find() && (indexed.group(2).length() > 4
                || Integer.parseInt(indexed.group(2)) > Integer.parseInt(range.group(1)))) {
            return null;
        }
        return property;
    }

    /** The message for a bad value of the property at {@code path}, or {@code null} if the value fits. */
    static String check(JsonNode property, String value, String path) {
        String type = property.path("type").asText("string");
        switch (type) {
            case "integer" -> {
                if (!INTEGER.matcher(value).matches()) {
                    return "type check ('integer') failed - got '" + value + "'";
                }
                return range(property, Double.parseDouble(value));
            }
            case "number" -> {
                try {
                    return range(property, Double.parseDouble(value));
                } catch (NumberFormatException e) {
                    return "type check ('number') failed - got '" + value + "'";
                }
            }
            case "boolean" -> {
                if (!TRUE.matcher(value).matches() && !FALSE.matcher(value).matches()) {
                    return "type check ('boolean') failed - got '" + value + "'";
                }
                return null;
            }
            default -> {
                return string(property, value, path);
            }
        }
    }

    private static String range(JsonNode property, double value) {
        if (property.has("minimum") && value < property.get("minimum").asDouble()) {
            return "value must have a minimum value of " + property.get("minimum").asText();
        }
        if (property.has("maximum") && value > property.get("maximum").asDouble()) {
            return "value must have a maximum value of " + property.get("maximum").asText();
        }
        return null;
    }

    private static String string(JsonNode property, String value, String path) {
        if (property.has("format")) {
            String error = FormatCheck.check(property.get("format"), value, path);
            if (error != null) {
                return error;
            }
        }
        JsonNode values = property.get("enum");
        if (values != null) {
            StringBuilder joined = new StringBuilder();
            for (JsonNode allowed : values) {
                if (allowed.asText().equals(value)) {
                    return null;
                }
                joined.append(joined.length() == 0 ? "" : ", ").append(allowed.asText());
            }
            return "value '" + value + "' does not have a value in the enumeration '" + joined + "'";
        }
        if (property.has("maxLength") && value.length() > property.get("maxLength").asInt()) {
            return "value may only be " + property.get("maxLength").asInt() + " characters long";
        }
        if (property.has("minLength") && value.length() < property.get("minLength").asInt()) {
            return "value must be at least " + property.get("minLength").asInt() + " characters long";
        }
        if (property.has("pattern") && !matches(property.get("pattern").asText(), value)) {
            return "value does not match the regex pattern";
        }
        return null;
    }

    private static boolean matches(String perlPattern, String value) {
        try {
            return Pattern.compile("^(?:" + perlPattern + ")$").matcher(value).matches();
        } catch (PatternSyntaxException e) {
            return true; // a Perl-only construct: PVE would check it, the simulator cannot
        }
    }
}
