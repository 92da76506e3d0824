package io.corral.maintenance;

import jakarta.ejb.ScheduleExpression;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PruneScheduleTest {

    @Test
    void aTimeOfDayIsADailyTimerInUtc() {
        PruneSchedule schedule = PruneSchedule.parse("03:00");
        assertThat(schedule.enabled()).isTrue();
        assertThat(schedule.time()).contains(LocalTime.of(3, 0));
        assertThat(schedule.zone()).isEqualTo(ZoneId.of("UTC"));
        ScheduleExpression e = schedule.expression();
        assertThat(e.getHour()).isEqualTo("3");
        assertThat(e.getMinute()).isEqualTo("0");
        assertThat(e.getSecond()).isEqualTo("0");
        assertThat(e.getDayOfMonth()).isEqualTo("*");
        assertThat(e.getTimezone()).isEqualTo("UTC");
        assertThat(schedule).hasToString("daily at 03:00 UTC");
    }

    @Test
    void aZoneMayFollowTheTime() {
        PruneSchedule schedule = PruneSchedule.parse(" 23:30  Europe/Berlin ");
        assertThat(schedule.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(schedule.expression().getTimezone()).isEqualTo("Europe/Berlin");
    }

    @Test
    void offTurnsTheTimerOff() {
        assertThat(PruneSchedule.parse("off").enabled()).isFalse();
        assertThat(PruneSchedule.parse("OFF")).hasToString("off");
    }

    @Test
    void anythingElseIsRefusedNamingTheSetting() {
        for (String bad : new String[] {"", "3:00", "25:00", "03:00 Mars/Base", "daily", "03:00 UTC extra"}) {
            assertThatThrownBy(() -> PruneSchedule.parse(bad)).as(bad)
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("CORRAL_PRUNE_SCHEDULE");
        }
    }

    @Test
    void theSlotIsTheLatestScheduledInstantNotAfterTheTick() {
        PruneSchedule schedule = PruneSchedule.parse("03:00");
        assertThat(schedule.slot(Instant.parse("2026-11-29T03:00:00.004Z"))).isEqualTo(Instant.parse("2026-11-29T03:00:00Z"));
        assertThat(schedule.slot(Instant.parse("2026-11-29T03:00:41Z"))).isEqualTo(Instant.parse("2026-11-29T03:00:00Z"));
        assertThat(schedule.slot(Instant.parse("2026-11-29T02:59:59.990Z"))).isEqualTo(Instant.parse("2026-11-28T03:00:00Z"));
    }
}
