package io.corral.pvesim;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks call parameters against the official PVE API schema (bundled as
 * {@code pve-api-schema.json}), with the messages of PVE's JSONSchema.pm: missing required
 * properties, properties the schema does not define, and simple types, ranges and enumerations.
 */
public final class SchemaValidator {

    static final Pattern TRUE = Pattern.compile("(?i)1|on|yes|true");
    private static final Pattern FALSE = Pattern.compile("(?i)0|off|no|false");
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    private static final String RESOURCE = "/pve-api-schema.json";

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
                String error = check(property, param.getValue());
                if (error != null) {
                    errors.put(param.getKey(), error);
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

    /** The property, or for an indexed key such as {@code net0} the schema's {@code net[n]}. */
    private static JsonNode property(JsonNode properties, String key) {
        JsonNode property = properties.get(key);
        if (property == null && key.matches("[a-z]+\\d+")) {
            property = properties.get(key.replaceAll("\\d+$", "") + "[n]");
        }
        return property;
    }

    /** The message for a bad value, or {@code null} if the value fits the property. */
    static String check(JsonNode property, String value) {
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
                return string(property, value);
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

    private static String string(JsonNode property, String value) {
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
