package io.corral.fleet;

import io.corral.platform.error.ValidationProblem;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetricsQueryTest {
    private static final Instant NOW = Instant.parse("2026-11-29T18:00:00Z");

    private static void rejects(ThrowingCallable call, String field) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ValidationProblem.class, p -> {
            assertThat(p.status()).isEqualTo(400);
            assertThat(p.code()).isEqualTo("VALIDATION_FAILED");
            assertThat(p.getMessage()).startsWith(field + ": ");
        });
    }

    @Test
    void withoutParametersItIsTheLastHourOfRawSamples() {
        MetricsQuery q = MetricsQuery.parse(null, null, null, NOW);
        assertThat(q.since()).isEqualTo(Instant.parse("2026-11-29T17:00:00Z"));
        assertThat(q.until()).isEqualTo(NOW);
        assertThat(q.stepSeconds()).isNull();
    }

    @Test
    void anUntilAloneMovesTheHourWithIt() {
        MetricsQuery q = MetricsQuery.parse("", "2026-11-01T00:00:00Z", "", NOW);
        assertThat(q.since()).isEqualTo(Instant.parse("2026-10-31T23:00:00Z"));
        assertThat(q.stepSeconds()).isNull();
    }

    @Test
    void instantsWithAnOffsetAreRead() {
        MetricsQuery q = MetricsQuery.parse("2026-11-29T10:00:00+01:00", null, "60", NOW);
        assertThat(q.since()).isEqualTo(Instant.parse("2026-11-29T09:00:00Z"));
        assertThat(q.stepSeconds()).isEqualTo(60);
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "2026-11-29", "2026-11-29T18:00:00", "1700000000"})
    void aSinceThatIsNoInstantIsNamed(String since) {
        rejects(() -> MetricsQuery.parse(since, null, null, NOW), "since");
    }

    @Test
    void anUntilThatIsNoInstantIsNamed() {
        rejects(() -> MetricsQuery.parse(null, "soon", null, NOW), "until");
    }

    @Test
    void anEmptyOrReversedRangeIsRefused() {
        rejects(() -> MetricsQuery.parse("2026-11-29T18:00:00Z", "2026-11-29T18:00:00Z", null, NOW), "since");
        rejects(() -> MetricsQuery.parse("2026-11-29T19:00:00Z", "2026-11-29T18:00:00Z", null, NOW), "since");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-60", "1.5", "ten", "31622401", "99999999999"})
    void aStepMustBeWholeSecondsInRange(String step) {
        rejects(() -> MetricsQuery.parse(null, null, step, NOW), "step");
    }

    @Test
    void aStepMakingMoreThanTenThousandPointsIsRefusedBeforeAnythingIsRead() {
        // 7 days at 60 s = 10,080 buckets; at 61 s = 9,915
        String since = "2026-11-22T18:00:00Z";
        rejects(() -> MetricsQuery.parse(since, null, "60", NOW), "step");
        assertThat(MetricsQuery.parse(since, null, "61", NOW).stepSeconds()).isEqualTo(61);
        // exactly 10,000 one-second buckets are allowed, a partial last bucket counts as one
        assertThat(MetricsQuery.parse("2026-11-29T15:13:20Z", null, "1", NOW).stepSeconds()).isEqualTo(1);
        rejects(() -> MetricsQuery.parse("2026-11-29T15:13:19.5Z", null, "1", NOW), "step");
    }
}
