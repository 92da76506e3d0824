package io.corral.maintenance;

import java.time.Duration;

/**
 * How long to pause after a chunk that kept the database busy for {@code busy}, so that pruning
 * is busy at most {@code dutyPercent} of the wall time: pause = busy × (100 − duty) / duty,
 * never longer than {@code max} (a chunk's transaction must not time out waiting).
 */
record PauseBudget(int dutyPercent, Duration max) {

    PauseBudget {
        if (dutyPercent < 1 || dutyPercent > 100) {
            throw new IllegalArgumentException("duty percent must be from 1 to 100: " + dutyPercent);
        }
    }

    Duration after(Duration busy) {
        if (dutyPercent == 100 || busy.isNegative() || busy.isZero()) {
            return Duration.ZERO;
        }
        Duration pause = Duration.ofNanos(busy.toNanos() / dutyPercent * (100 - dutyPercent));
        return pause.compareTo(max) > 0 ? max : pause;
    }
}
