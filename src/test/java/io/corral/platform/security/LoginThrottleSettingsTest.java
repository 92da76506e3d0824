package io.corral.platform.security;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class LoginThrottleSettingsTest {

    private static LoginThrottleSettings defaults() {
        LoginThrottleSettings s = new LoginThrottleSettings();
        s.freePerUser = 5;
        s.freePerAddress = 20;
        s.backoff = 1;
        s.backoffMax = 900;
        s.forgetHours = 24;
        return s;
    }

    @Test
    void freeFailuresCostNothingThenTheBackOffDoublesUpToTheMaximum() {
        LoginThrottleSettings s = defaults();
        assertThat(s.blockAfter(LoginThrottle.USER, 5)).isEqualTo(Duration.ZERO);
        assertThat(s.blockAfter(LoginThrottle.USER, 6)).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.blockAfter(LoginThrottle.USER, 7)).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.blockAfter(LoginThrottle.USER, 15)).isEqualTo(Duration.ofSeconds(512));
        assertThat(s.blockAfter(LoginThrottle.USER, 16)).isEqualTo(Duration.ofSeconds(900));
        assertThat(s.blockAfter(LoginThrottle.USER, 10_000)).isEqualTo(Duration.ofSeconds(900));
    }

    @Test
    void anAddressHasMoreFreeFailuresThanAUserName() {
        LoginThrottleSettings s = defaults();
        assertThat(s.blockAfter(LoginThrottle.ADDRESS, 20)).isEqualTo(Duration.ZERO);
        assertThat(s.blockAfter(LoginThrottle.ADDRESS, 21)).isEqualTo(Duration.ofSeconds(1));
    }
}
