package io.corral.platform.rest;

import io.corral.platform.error.ValidationProblem;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Query parameters read into 400s that name the parameter. */
public final class Params {
    private Params() {
    }

    public static int intIn(String name, String value, int min, int max, int fallback) {
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

    /**
     * A comma-separated list of at most {@code max} ids: null when the parameter is absent,
     * empty when it is present without a value.
     */
    public static List<UUID> ids(String name, String value, int max) {
        if (value == null) {
            return null;
        }
        if (value.isBlank()) {
            return List.of();
        }
        String[] parts = value.split(",", -1);
        if (parts.length > max) {
            throw new ValidationProblem(name, "at most " + max + " ids");
        }
        List<UUID> ids = new ArrayList<>(parts.length);
        for (String part : parts) {
            ids.add(Ids.parse(name, part.trim()));
        }
        return ids;
    }
}
