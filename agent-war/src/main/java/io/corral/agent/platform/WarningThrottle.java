package io.corral.agent.platform;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Logs a recurring warning (e.g. a missing token) at most once per period, so a problem that
 * lasts stays visible in the log without flooding it every tick.
 */
public class WarningThrottle {

    private final Logger log;
    private final Duration period;
    private Instant lastLogged;

    public WarningThrottle(Logger log, Duration period) {
        this.log = log;
        this.period = period;
    }

    /** Logs the message unless it was logged less than one period before {@code now}. */
    public synchronized boolean warn(Instant now, Supplier<String> message) {
        if (lastLogged != null && now.isBefore(lastLogged.plus(period))) {
            return false;
        }
        lastLogged = now;
        log.warning(message);
        return true;
    }

    /** Forgets the last warning, so the next occurrence of the problem is logged at once. */
    public synchronized void reset() {
        lastLogged = null;
    }
}
