package io.corral.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TaskScheduleTest {

    @Test
    void everyNMinutesFallsOnTheSameMarksEverywhere() {
        TaskSchedule s = TaskSchedule.parse("K", "every 5m");
        assertThat(s.expression().getMinute()).isEqualTo("*/5");
        assertThat(s.expression().getTimezone()).isEqualTo("UTC");
        assertThat(s.slot(Instant.parse("2026-11-29T12:07:31Z"))).isEqualTo(Instant.parse("2026-11-29T12:05:00Z"));
        assertThat(s.next(Instant.parse("2026-11-29T12:07:31Z"))).isEqualTo(Instant.parse("2026-11-29T12:10:00Z"));
        assertThat(s).hasToString("every 5m");
    }

    @Test
    void aTimerFiringJustBeforeItsMarkCountsForThatMark() {
        TaskSchedule s = TaskSchedule.parse("K", "every 1m");
        assertThat(s.slot(Instant.parse("2026-11-29T12:04:59.800Z"))).isEqualTo(Instant.parse("2026-11-29T12:05:00Z"));
        assertThat(s.slot(Instant.parse("2026-11-29T12:05:00.020Z"))).isEqualTo(Instant.parse("2026-11-29T12:05:00Z"));
    }

    @Test
    void aLateTickIsForTheMarkBeforeItsNextTimeout() {
        assertThat(TaskSchedule.parse("K", "every 2s").slotBefore(Instant.parse("2026-11-29T12:00:10Z")))
                .isEqualTo(Instant.parse("2026-11-29T12:00:08Z"));
        assertThat(TaskSchedule.parse("K", "daily 02:00").slotBefore(Instant.parse("2026-11-30T02:00:00Z")))
                .isEqualTo(Instant.parse("2026-11-29T02:00:00Z"));
    }

    @Test
    void dailyRunsAtItsTimeInUtc() {
        TaskSchedule s = TaskSchedule.parse("K", "daily 02:00");
        assertThat(s.slot(Instant.parse("2026-11-29T01:59:00Z"))).isEqualTo(Instant.parse("2026-11-28T02:00:00Z"));
        assertThat(s.slot(Instant.parse("2026-11-29T02:00:01Z"))).isEqualTo(Instant.parse("2026-11-29T02:00:00Z"));
        assertThat(s.next(Instant.parse("2026-11-29T03:00:00Z"))).isEqualTo(Instant.parse("2026-11-30T02:00:00Z"));
        assertThat(s.expression().getHour()).isEqualTo("2");
    }

    @Test
    void hoursAndSecondsAndOff() {
        assertThat(TaskSchedule.parse("K", "every 6h").expression().getHour()).isEqualTo("*/6");
        assertThat(TaskSchedule.parse("K", "every 6h").slot(Instant.parse("2026-11-29T13:00:00Z")))
                .isEqualTo(Instant.parse("2026-11-29T12:00:00Z"));
        assertThat(TaskSchedule.parse("K", "every 2s").expression().getSecond()).isEqualTo("*/2");
        assertThat(TaskSchedule.parse("K", "OFF").enabled()).isFalse();
        assertThat(TaskSchedule.parse("K", "off").next(Instant.now())).isNull();
    }

    @Test
    void aPeriodThatDoesNotDivideItsUnitOrNonsenseIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> TaskSchedule.parse("CORRAL_TASK_X_SCHEDULE", "every 7m"))
                .hasMessageContaining("CORRAL_TASK_X_SCHEDULE").hasMessageContaining("divide");
        assertThatThrownBy(() -> TaskSchedule.parse("K", "every 5h")).hasMessageContaining("divide");
        assertThatThrownBy(() -> TaskSchedule.parse("K", "daily 25:00")).hasMessageContaining("range");
        assertThatThrownBy(() -> TaskSchedule.parse("K", "hourly")).hasMessageContaining("'hourly'");
        assertThatThrownBy(() -> TaskSchedule.parse("K", null)).isInstanceOf(IllegalStateException.class);
    }
}
