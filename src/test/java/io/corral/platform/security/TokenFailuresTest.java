package io.corral.platform.security;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TokenFailuresTest {

    @Test
    void anAddressPastItsBudgetIsBlockedUntilTheMinuteEnds() {
        TokenFailures failures = new TokenFailures(3);
        for (int i = 0; i < 3; i++) {
            assertThat(failures.blockedSeconds("10.0.0.1", 1_000)).as("failure " + i + " is free").isZero();
            failures.failed("10.0.0.1", 1_000);
        }
        assertThat(failures.blockedSeconds("10.0.0.1", 1_000)).isEqualTo(60);
        assertThat(failures.blockedSeconds("10.0.0.1", 50_500)).isEqualTo(11);
        assertThat(failures.blockedSeconds("10.0.0.2", 1_000)).as("another address").isZero();
        assertThat(failures.blockedSeconds("10.0.0.1", 61_000)).as("next minute").isZero();
        failures.failed("10.0.0.1", 61_000);
        assertThat(failures.blockedSeconds("10.0.0.1", 61_001)).as("a fresh budget").isZero();
    }
}
