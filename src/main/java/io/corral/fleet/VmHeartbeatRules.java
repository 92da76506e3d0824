package io.corral.fleet;

import io.corral.platform.error.ValidationProblem;

import java.time.Duration;
import java.time.OffsetDateTime;

/** What a helper heartbeat says about activity, checked against the control plane's clock. */
final class VmHeartbeatRules {
    private VmHeartbeatRules() {
    }

    /**
     * The latest moment of use the heartbeat reports: now when {@code active}, else its {@code lastInputAt}
     * (a guest clock ahead by at most {@code skew} is taken as now); null when it reports none.
     *
     * @throws ValidationProblem naming {@code lastInputAt} when it lies further than {@code skew} ahead
     */
    static OffsetDateTime activeAt(VmHeartbeatRequest r, OffsetDateTime now, Duration skew) {
        OffsetDateTime input = r.lastInputAt();
        if (input != null && input.isAfter(now.plus(skew))) {
            throw new ValidationProblem("lastInputAt", "must not be in the future (more than " + skew.toSeconds()
                    + " s ahead of the control plane's clock)");
        }
        if (Boolean.TRUE.equals(r.active())) {
            return now;
        }
        if (input == null) {
            return null;
        }
        return input.isAfter(now) ? now : input;
    }
}
