package io.corral.pvesim;

import java.time.Duration;

/**
 * The kinds of create, each with its own (unscaled) task duration: a VM gets empty volumes in a
 * second or two, a container's template is extracted into its root file system.
 */
public enum CreateKind {
    QEMU(Duration.ofSeconds(3)),
    LXC(Duration.ofSeconds(12));

    private final Duration defaultDuration;

    CreateKind(Duration defaultDuration) {
        this.defaultDuration = defaultDuration;
    }

    static CreateKind of(GuestType type) {
        return type == GuestType.LXC ? LXC : QEMU;
    }

    /** How long the create task runs before the time factor is applied. */
    public Duration defaultDuration() {
        return defaultDuration;
    }
}
