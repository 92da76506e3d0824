package io.corral.agent.ssh;

import io.corral.agent.executor.CommandFailure;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The type of one command-template argument: {@code int} (optional {@code min}/{@code max}),
 * {@code enum} ({@code values}) or {@code string} (required {@code pattern}, matched against the
 * whole value, and {@code maxLength}, default 256). Control characters are never accepted.
 */
sealed interface ArgumentSpec {

    /** The argument's text for the command line, or {@code SSH_COMMAND_FORBIDDEN}. */
    String accept(String name, JsonValue value) throws CommandFailure;

    static ArgumentSpec parse(JsonObject json) {
        String type = json.getString("type", "");
        return switch (type) {
            case "int" -> new IntArgument(optionalLong(json, "min", Long.MIN_VALUE), optionalLong(json, "max", Long.MAX_VALUE));
            case "enum" -> new EnumArgument(json.getJsonArray("values") == null ? List.of()
                    : json.getJsonArray("values").getValuesAs(JsonString.class).stream().map(JsonString::getString).toList());
            case "string" -> new StringArgument(json.getString("pattern", null),
                    (int) optionalLong(json, "maxLength", 256));
            default -> throw new IllegalArgumentException("type must be int, enum or string");
        };
    }

    private static long optionalLong(JsonObject json, String field, long fallback) {
        JsonValue value = json.get(field);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof JsonNumber number) || !number.isIntegral()) {
            throw new IllegalArgumentException(field + " must be an integer");
        }
        return number.longValue();
    }

    private static CommandFailure invalid(String name, String problem) {
        return SshErrors.failure(SshErrors.COMMAND_FORBIDDEN, "argument " + name + " " + problem);
    }

    record IntArgument(long min, long max) implements ArgumentSpec {
        @Override
        public String accept(String name, JsonValue value) throws CommandFailure {
            if (!(value instanceof JsonNumber number) || !number.isIntegral()) {
                throw invalid(name, "must be an integer");
            }
            long n;
            try {
                n = number.bigIntegerValueExact().longValueExact();
            } catch (ArithmeticException e) {
                throw invalid(name, "must be between " + min + " and " + max);
            }
            if (n < min || n > max) {
                throw invalid(name, "must be between " + min + " and " + max);
            }
            return Long.toString(n);
        }
    }

    record EnumArgument(List<String> values) implements ArgumentSpec {
        public EnumArgument {
            if (values.isEmpty()) {
                throw new IllegalArgumentException("enum needs a non-empty values array");
            }
            values = List.copyOf(values);
        }

        @Override
        public String accept(String name, JsonValue value) throws CommandFailure {
            if (!(value instanceof JsonString text) || !values.contains(text.getString())) {
                throw invalid(name, "must be one of " + values);
            }
            return text.getString();
        }
    }

    record StringArgument(Pattern pattern, int maxLength) implements ArgumentSpec {
        private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

        StringArgument(String pattern, int maxLength) {
            this(compile(pattern), maxLength);
        }

        private static Pattern compile(String pattern) {
            if (pattern == null || pattern.isEmpty()) {
                throw new IllegalArgumentException("string needs a pattern");
            }
            try {
                return Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("pattern is not a valid regular expression");
            }
        }

        @Override
        public String accept(String name, JsonValue value) throws CommandFailure {
            if (!(value instanceof JsonString text)) {
                throw invalid(name, "must be a string");
            }
            String s = text.getString();
            if (s.length() > maxLength || CONTROL.matcher(s).find() || !pattern.matcher(s).matches()) {
                throw invalid(name, "does not match its pattern");
            }
            return s;
        }
    }
}
