package io.corral.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.time.Clock;

/**
 * The clock the fleet rules and background tasks read "now" from. One place, so that the rules are
 * tested with fixed clocks and nothing in them calls {@code Instant.now()} on its own.
 */
@ApplicationScoped
public class ClockProducer {
    @Produces
    @ApplicationScoped
    Clock clock() {
        return Clock.systemUTC();
    }
}
