package io.corral.maintenance;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PauseBudgetTest {
    private static final Duration MAX = Duration.ofSeconds(60);

    @Test
    void busyHalfTheTimeMeansAPauseAsLongAsTheChunk() {
        assertThat(new PauseBudget(50, MAX).after(Duration.ofMillis(200))).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void theDutyIsTheShareOfWallTimeSpentBusy() {
        Duration busy = Duration.ofMillis(100);
        Duration pause = new PauseBudget(20, MAX).after(busy);
        assertThat(pause).isEqualTo(Duration.ofMillis(400));
        assertThat(100.0 * busy.toNanos() / busy.plus(pause).toNanos()).isEqualTo(20.0);
    }

    @Test
    void fullDutyNeverPauses() {
        assertThat(new PauseBudget(100, MAX).after(Duration.ofSeconds(5))).isZero();
        assertThat(new PauseBudget(50, MAX).after(Duration.ZERO)).isZero();
    }

    @Test
    void aPauseNeverExceedsTheCap() {
        assertThat(new PauseBudget(1, MAX).after(Duration.ofSeconds(10))).isEqualTo(MAX);
    }

    @Test
    void dutyOutsideOneToHundredIsRefused() {
        assertThatThrownBy(() -> new PauseBudget(0, MAX)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PauseBudget(101, MAX)).isInstanceOf(IllegalArgumentException.class);
    }
}
