package io.corral.fleet;

import io.corral.platform.error.ValidationProblem;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VmHeartbeatRulesTest {
    private static final OffsetDateTime NOW = OffsetDateTime.of(2030, 1, 31, 12, 0, 0, 0, ZoneOffset.UTC);
    private static final Duration SKEW = Duration.ofSeconds(60);

    private static OffsetDateTime activeAt(Boolean active, OffsetDateTime lastInputAt) {
        return VmHeartbeatRules.activeAt(new VmHeartbeatRequest(active, lastInputAt), NOW, SKEW);
    }

    @Test
    void anEmptyHeartbeatReportsNoActivity() {
        assertThat(activeAt(null, null)).isNull();
        assertThat(activeAt(false, null)).isNull();
    }

    @Test
    void activeMeansNowWhateverTheLastInput() {
        assertThat(activeAt(true, null)).isEqualTo(NOW);
        assertThat(activeAt(true, NOW.minusHours(3))).isEqualTo(NOW);
    }

    @Test
    void theLastInputCountsAsItIsInAnyOffset() {
        OffsetDateTime earlier = NOW.minusMinutes(5).withOffsetSameInstant(ZoneOffset.ofHours(2));
        assertThat(activeAt(false, earlier)).isEqualTo(earlier);
    }

    @Test
    void aGuestClockSlightlyAheadCountsAsNow() {
        assertThat(activeAt(null, NOW.plusSeconds(59))).isEqualTo(NOW);
        assertThat(activeAt(null, NOW.plus(SKEW))).isEqualTo(NOW);
    }

    @Test
    void aLastInputFurtherInTheFutureIsRefusedNamingTheField() {
        assertThatThrownBy(() -> activeAt(true, NOW.plusSeconds(61)))
                .isInstanceOf(ValidationProblem.class).hasMessageStartingWith("lastInputAt: must not be in the future");
    }
}
