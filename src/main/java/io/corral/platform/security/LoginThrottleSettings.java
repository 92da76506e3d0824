package io.corral.platform.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;

/**
 * Console sign-in throttling: so many failures are free, then each further one blocks sign-in for a back-off
 * that starts at {@code CORRAL_LOGIN_BACKOFF_SECONDS} and doubles up to {@code CORRAL_LOGIN_BACKOFF_MAX_SECONDS}.
 * A client address gets more free failures than a user name (people share an address behind NAT). Counters
 * are forgotten {@code CORRAL_LOGIN_FORGET_HOURS} after their last failure.
 */
@ApplicationScoped
public class LoginThrottleSettings {
    @Inject
    @ConfigProperty(name = "CORRAL_LOGIN_FREE_FAILURES_PER_USER", defaultValue = "5")
    int freePerUser;

    @Inject
    @ConfigProperty(name = "CORRAL_LOGIN_FREE_FAILURES_PER_ADDRESS", defaultValue = "20")
    int freePerAddress;

    @Inject
    @ConfigProperty(name = "CORRAL_LOGIN_BACKOFF_SECONDS", defaultValue = "1")
    int backoff;

    @Inject
    @ConfigProperty(name = "CORRAL_LOGIN_BACKOFF_MAX_SECONDS", defaultValue = "900")
    int backoffMax;

    @Inject
    @ConfigProperty(name = "CORRAL_LOGIN_FORGET_HOURS", defaultValue = "24")
    int forgetHours;

    public int freeFailures(String kind) {
        return Math.max(0, LoginThrottle.USER.equals(kind) ? freePerUser : freePerAddress);
    }

    /** The block after failure number {@code failures} (0 while failures are free). */
    public Duration blockAfter(String kind, int failures) {
        int over = failures - freeFailures(kind);
        if (over <= 0) {
            return Duration.ZERO;
        }
        long max = Math.max(1, backoffMax);
        long seconds = Math.max(1, backoff) * (1L << Math.min(over - 1, 30));
        return Duration.ofSeconds(Math.min(seconds, max));
    }

    public Duration forgetAfter() {
        return Duration.ofHours(Math.max(1, forgetHours));
    }
}
