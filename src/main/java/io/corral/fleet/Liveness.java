package io.corral.fleet;

import java.util.Locale;

/**
 * How alive an agent or a guest looks (seed 001's state machine): {@code online → degraded → stale →
 * offline} as its signs of life age, back to {@code online} with the next one. Every change is a
 * fleet event.
 */
public enum Liveness {
    ONLINE, DEGRADED, STALE, OFFLINE;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Liveness of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
