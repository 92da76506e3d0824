package io.corral.platform.rest;

import io.corral.platform.error.ValidationProblem;

import java.util.UUID;

/** Parses ids from paths and queries into a 400 that names the parameter, never a 500. */
public final class Ids {
    private Ids() {
    }

    public static UUID parse(String field, String value) {
        try {
            UUID id = UUID.fromString(value);
            if (!id.toString().equalsIgnoreCase(value)) {
                throw new IllegalArgumentException();
            }
            return id;
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ValidationProblem(field, "'" + value + "' is not a UUID");
        }
    }

    public static boolean isUuid(String value) {
        try {
            return value != null && UUID.fromString(value).toString().equalsIgnoreCase(value);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
