package io.corral.fleet;

import io.corral.platform.error.ValidationProblem;

import java.util.regex.Pattern;

/** Ids of external services guests are linked to (e.g. a FulcrumCore service): short, printable, URL-safe. */
public final class ServiceIds {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    private ServiceIds() {
    }

    public static boolean valid(String value) {
        return value != null && ID.matcher(value).matches();
    }

    /** The id itself, or a 400 naming {@code field}. */
    public static String require(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw new ValidationProblem(field, "is required");
        }
        if (!valid(value)) {
            throw new ValidationProblem(field, "use 1-100 letters, digits, '.', '_', ':' or '-'");
        }
        return value;
    }
}
