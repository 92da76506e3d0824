package io.corral.platform.rest;

import io.corral.platform.error.ValidationProblem;

import java.util.regex.Pattern;

/** Names of agents, tokens and the like: short, printable, safe in URLs and logs. */
public final class Names {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    private Names() {
    }

    public static String require(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new ValidationProblem(field, "is required");
        }
        if (!NAME.matcher(value).matches()) {
            throw new ValidationProblem(field, "use 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return value;
    }
}
