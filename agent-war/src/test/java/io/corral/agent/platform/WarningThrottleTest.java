package io.corral.agent.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class WarningThrottleTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    private final WarningThrottle throttle = new WarningThrottle(silentLogger(), Duration.ofMinutes(1));

    private static Logger silentLogger() {
        Logger logger = Logger.getAnonymousLogger();
        logger.setUseParentHandlers(false);
        return logger;
    }

    @Test
    void warnsAtMostOncePerPeriod() {
        assertThat(throttle.warn(T0, () -> "token missing")).isTrue();
        assertThat(throttle.warn(T0.plusSeconds(10), () -> "token missing")).isFalse();
        assertThat(throttle.warn(T0.plusSeconds(59), () -> "token missing")).isFalse();
        assertThat(throttle.warn(T0.plusSeconds(60), () -> "token missing")).isTrue();
    }

    @Test
    void warnsAgainAtOnceAfterAReset() {
        throttle.warn(T0, () -> "token missing");
        throttle.reset();

        assertThat(throttle.warn(T0.plusSeconds(1), () -> "token missing")).isTrue();
    }
}
