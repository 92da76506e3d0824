package io.corral.fleet;

import java.time.Duration;

/** Ages of the last sign of life at which something turns degraded, stale and offline. */
public record LivenessThresholds(Duration degraded, Duration stale, Duration offline) {

    public LivenessThresholds {
        if (degraded.isNegative() || degraded.isZero() || stale.compareTo(degraded) < 0 || offline.compareTo(stale) < 0) {
            throw new IllegalStateException("liveness thresholds must grow: degraded " + degraded + " <= stale "
                    + stale + " <= offline " + offline);
        }
    }

    /** The liveness of something last heard of {@code age} ago (null: never). */
    public Liveness judge(Duration age) {
        if (age == null || age.compareTo(offline) > 0) {
            return Liveness.OFFLINE;
        }
        if (age.compareTo(stale) > 0) {
            return Liveness.STALE;
        }
        return age.compareTo(degraded) > 0 ? Liveness.DEGRADED : Liveness.ONLINE;
    }
}
