package io.corral.command;

import io.corral.platform.error.ValidationProblem;

/** Query parameters read into 400s that name the parameter. */
final class Params {
    private Params() {
    }

    static int intIn(String name, String value, int min, int max, int fallback) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(value);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw new ValidationProblem(name, "must be an integer from " + min + " to " + max);
    }
}
