package io.corral.pvesim;

import java.time.Duration;

/** The kinds of clone, each with its own (unscaled) task duration. */
public enum CloneKind {
    QEMU_LINKED(Duration.ofSeconds(5)),
    QEMU_FULL(Duration.ofSeconds(20)),
    LXC(Duration.ofSeconds(8));

    private final Duration defaultDuration;

    CloneKind(Duration defaultDuration) {
        this.defaultDuration = defaultDuration;
    }

    static CloneKind of(GuestType type, boolean full) {
        if (type == GuestType.LXC) {
            return LXC;
        }
        return full ? QEMU_FULL : QEMU_LINKED;
    }

    /** How long the clone task runs before the time factor is applied. */
    public Duration defaultDuration() {
        return defaultDuration;
    }
}
