package io.corral.platform.json;

import io.corral.platform.error.ApiException;
import io.corral.platform.error.ValidationProblem;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Exact conversions of single JSON values, and the checks that keep a value storable: what
 * PostgreSQL would refuse (too long for the column, U+0000, an unpaired surrogate, a year
 * out of range) must be a 400 here, not a 500 at the INSERT.
 */
final class JsonScalars {
    /** {@link UUID#fromString} also takes forms like {@code 1-1-1-1-1}; only the canonical one is a UUID here. */
    private static final Pattern UUID_TEXT = Pattern.compile(
            "\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}");
    private static final String DATE_TIME = "must be an ISO-8601 date-time with offset, e.g. 2030-01-31T12:00:00Z";

    private JsonScalars() {
    }

    static String text(JsonValue value, Size size, String path) {
        String s = ((JsonString) expect(value, value instanceof JsonString, path, "must be a string")).getString();
        storable(s, path);
        // Code points, as PostgreSQL counts a varchar(n); unpaired surrogates were refused above.
        checkCount(size, s.codePointCount(0, s.length()), "characters", path);
        return s;
    }

    /** Integral values only (1.0 and 1e2 are integral, 1.5 is not), within the Java type's range. */
    static long integral(JsonValue value, long min, long max, String path) {
        BigDecimal d = ((JsonNumber) expect(value, value instanceof JsonNumber, path, "must be an integer"))
                .bigDecimalValue();
        if (d.signum() != 0 && d.stripTrailingZeros().scale() > 0) {
            throw wrongType(path, "must be an integer");
        }
        if (d.compareTo(BigDecimal.valueOf(min)) < 0 || d.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw wrongType(path, "must be an integer from " + min + " to " + max);
        }
        return d.longValueExact();
    }

    static double decimal(JsonValue value, String path) {
        double d = ((JsonNumber) expect(value, value instanceof JsonNumber, path, "must be a number")).doubleValue();
        if (!Double.isFinite(d)) {
            throw wrongType(path, "must be a number within the range of a double");
        }
        return d;
    }

    static boolean bool(JsonValue value, String path) {
        return expect(value, value == JsonValue.TRUE || value == JsonValue.FALSE, path, "must be true or false")
                == JsonValue.TRUE;
    }

    static UUID uuid(JsonValue value, String path) {
        if (!(value instanceof JsonString s) || !UUID_TEXT.matcher(s.getString()).matches()) {
            throw wrongType(path, "must be a UUID");
        }
        return UUID.fromString(s.getString());
    }

    static OffsetDateTime dateTime(JsonValue value, String path) {
        String s = ((JsonString) expect(value, value instanceof JsonString, path, DATE_TIME)).getString();
        OffsetDateTime t;
        try {
            t = OffsetDateTime.parse(s);
        } catch (DateTimeParseException e) {
            throw wrongType(path, DATE_TIME);
        }
        if (t.getYear() < 1 || t.getYear() > 9999) {
            throw new ValidationProblem(path, "must be between the years 0001 and 9999");
        }
        return t;
    }

    /** A JSON-P value passed through as is; its strings (keys too) are checked since it is stored as jsonb. */
    static JsonValue storable(JsonValue value, String path) {
        if (value instanceof JsonString s) {
            storable(s.getString(), path);
        } else if (value instanceof JsonArray array) {
            for (int i = 0; i < array.size(); i++) {
                storable(array.get(i), path + "[" + i + "]");
            }
        } else if (value instanceof JsonObject object) {
            for (Map.Entry<String, JsonValue> e : object.entrySet()) {
                storable(e.getKey(), path);
                storable(e.getValue(), JsonBinder.join(path, e.getKey()));
            }
        }
        return value;
    }

    /** PostgreSQL refuses U+0000 in text and jsonb, and an unpaired surrogate cannot be encoded as UTF-8. */
    private static void storable(String s, String path) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0) {
                throw new ValidationProblem(path, "must not contain the character U+0000");
            }
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new ValidationProblem(path, "must not contain an unpaired surrogate");
            }
        }
    }

    static void checkCount(Size size, int count, String unit, String path) {
        if (size != null && count > size.max()) {
            throw new ValidationProblem(path, "must be at most " + size.max() + " " + unit);
        }
        if (size != null && count < size.min()) {
            throw new ValidationProblem(path, "must be at least " + size.min() + " " + unit);
        }
    }

    static JsonValue expect(JsonValue value, boolean ok, String path, String problem) {
        if (!ok) {
            throw wrongType(path, problem);
        }
        return value;
    }

    /** A value of the wrong JSON type or form: BAD_JSON, as docs/api.md lists "a wrong type". */
    static ApiException wrongType(String path, String problem) {
        return new ApiException(400, "BAD_JSON", path + ": " + problem);
    }
}
