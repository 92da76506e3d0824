package io.corral.relay;

import java.util.UUID;

/** Relay ids as they arrive in socket paths. */
public final class RelayIds {
    private RelayIds() {
    }

    /** The id, or null when {@code text} is not a UUID. */
    public static UUID parse(String text) {
        try {
            return text == null ? null : UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
