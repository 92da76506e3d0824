package io.corral.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FlatWarmupTest {

    @Test
    void flatWhenTheLastBucketsAreWithinThePercentOfTheirMean() {
        assertThat(FlatWarmup.flat(List.of(50.0, 900.0, 1000.0, 1040.0, 980.0), 3, 5)).isTrue();
        assertThat(FlatWarmup.flat(List.of(900.0, 1000.0, 1100.0), 3, 5)).isFalse();
        assertThat(FlatWarmup.flat(List.of(1000.0, 1000.0), 3, 5)).isFalse();
        assertThat(FlatWarmup.flat(List.of(0.0, 0.0, 0.0), 3, 5)).isFalse();
    }

    @Test
    void givesUpAtTheCapAndSaysItWasNotFlat() throws Exception {
        long[] n = {0};
        FlatWarmup.Outcome o = FlatWarmup.await(() -> n[0] += (n[0] % 3 + 1) * 100, 1, 3, 5, 0, 3);
        assertThat(o.flat()).isFalse();
        assertThat(o.rates()).hasSize(3);
        assertThat(o.describe()).startsWith("NOT flat");
    }
}
