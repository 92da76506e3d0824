package io.corral.platform.security;

import java.util.Locale;

/** Roles of people and API tokens, each including the ones below it. */
public enum Role {
    VIEWER, OPERATOR, ADMIN;

    public boolean includes(Role other) {
        return ordinal() >= other.ordinal();
    }

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code admin|operator|viewer}; null for anything else. */
    public static Role parse(String s) {
        if (s == null) {
            return null;
        }
        for (Role r : values()) {
            if (r.value().equals(s)) {
                return r;
            }
        }
        return null;
    }
}
