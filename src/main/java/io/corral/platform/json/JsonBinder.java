package io.corral.platform.json;

import io.corral.platform.error.ApiException;
import io.corral.platform.error.ValidationProblem;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.corral.platform.json.JsonScalars.expect;

/**
 * Binds parsed JSON to records with exact types: a String takes only a JSON string, an Integer
 * only an integral number in range, and so on; nothing is coerced.
 * A value of the wrong type or an unknown field is {@code 400 BAD_JSON} (as docs/api.md lists
 * them); a missing required value or a size out of bounds is {@code 400 VALIDATION_FAILED}.
 * Both messages name the field's path, e.g. {@code nodes[1].name: must be a string}.
 */
final class JsonBinder {
    private final boolean allowUnknownFields;

    JsonBinder(boolean allowUnknownFields) {
        this.allowUnknownFields = allowUnknownFields;
    }

    Object bindRecord(JsonObject json, Class<?> type, String path) {
        RecordShape shape = RecordShape.of(type);
        if (!allowUnknownFields) {
            for (String key : json.keySet()) {
                if (shape.component(key) == null) {
                    throw new ApiException(400, "BAD_JSON", "Unknown field '" + join(path, key) + "'");
                }
            }
        }
        Object[] values = new Object[shape.size()];
        for (RecordShape.Component c : shape.components()) {
            values[c.index()] = bind(json.get(c.name()), c.type(), join(path, c.name()));
        }
        return shape.create(values);
    }

    /** An absent field and JSON null are both Java null, refused where a value is required. */
    private Object bind(JsonValue value, AnnotatedType type, String path) {
        Class<?> raw = rawClass(type.getType());
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            if (raw.isPrimitive() || type.isAnnotationPresent(NotNull.class)) {
                throw new ValidationProblem(path, "is required");
            }
            return null;
        }
        if (raw == String.class) {
            return JsonScalars.text(value, type.getAnnotation(Size.class), path);
        } else if (raw == Integer.class || raw == int.class) {
            return (int) JsonScalars.integral(value, Integer.MIN_VALUE, Integer.MAX_VALUE, path);
        } else if (raw == Long.class || raw == long.class) {
            return JsonScalars.integral(value, Long.MIN_VALUE, Long.MAX_VALUE, path);
        } else if (raw == Double.class || raw == double.class) {
            return JsonScalars.decimal(value, path);
        } else if (raw == Boolean.class || raw == boolean.class) {
            return JsonScalars.bool(value, path);
        } else if (raw == UUID.class) {
            return JsonScalars.uuid(value, path);
        } else if (raw == OffsetDateTime.class) {
            return JsonScalars.dateTime(value, path);
        } else if (raw == List.class) {
            return list(value, type, path);
        } else if (raw.isRecord()) {
            return bindRecord(expect(value, value instanceof JsonObject, path, "must be an object").asJsonObject(),
                    raw, path);
        } else if (raw == JsonObject.class || raw == JsonArray.class || raw == JsonValue.class) {
            String shape = raw == JsonObject.class ? "an object" : "an array";
            return JsonScalars.storable(expect(value, raw.isInstance(value), path, "must be " + shape), path);
        }
        throw new IllegalArgumentException("StrictJson cannot bind " + type.getType() + " (at " + path + ")");
    }

    /** Elements are bound like fields, with their own annotations: {@code List<@Size(max = 64) String>}. */
    private List<Object> list(JsonValue value, AnnotatedType type, String path) {
        JsonArray array = expect(value, value instanceof JsonArray, path, "must be an array").asJsonArray();
        JsonScalars.checkCount(type.getAnnotation(Size.class), array.size(), "elements", path);
        if (!(type instanceof AnnotatedParameterizedType parameterized)) {
            throw new IllegalArgumentException("StrictJson needs the element type of the List at " + path);
        }
        AnnotatedType element = parameterized.getAnnotatedActualTypeArguments()[0];
        List<Object> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            String at = path + "[" + i + "]";
            Object bound = bind(array.get(i), element, at);
            if (bound == null) {
                throw new ValidationProblem(at, "must not be null");
            }
            out.add(bound);
        }
        return List.copyOf(out);
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
            return c;
        }
        throw new IllegalArgumentException("StrictJson cannot bind " + type);
    }

    static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
