package io.corral.auth;

import java.time.Duration;
import java.time.Instant;

/** The time rule of the hourly cleanup, apart so tests drive it with fixed clocks. */
public final class AuthSessionRules {
    private AuthSessionRules() {
    }

    /** Live and started at or before {@code now - timeout}. */
    public static boolean stale(AuthSession s, Instant now, Duration timeout) {
        return !s.state().isFinal() && !s.createdAt().toInstant().isAfter(now.minus(timeout));
    }

    /** Why a session timed out, with its figures. */
    public static String timeoutReason(AuthSession s, Duration timeout) {
        return "not completed within " + timeout.toMinutes() + " min (started " + s.createdAt().toInstant()
                + ", was " + s.state().value() + ")";
    }
}
