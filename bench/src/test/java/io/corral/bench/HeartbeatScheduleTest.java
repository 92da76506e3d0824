package io.corral.bench;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HeartbeatScheduleTest {

    @Test
    void spreadsTheBeatsEvenlyOverThePeriod() {
        HeartbeatSchedule s = new HeartbeatSchedule(1000, 10, 2);
        assertThat(s.intendedPerSecond()).isEqualTo(100.0);
        for (long j = 1; j < 5000; j++) {
            assertThat(s.dueNanos(j) - s.dueNanos(j - 1)).isEqualTo(10_000_000L); // 10 s / 1,000 agents
        }
        // every second of the schedule holds the same number of beats: no bursts
        int[] perSecond = new int[50];
        for (long j = 0; j < 5000; j++) {
            perSecond[(int) (s.dueNanos(j) / 1_000_000_000L)]++;
        }
        assertThat(perSecond).containsOnly(100);
    }

    @Test
    void everyAgentBeatsOncePerPeriodAtItsOwnOffset() {
        HeartbeatSchedule s = new HeartbeatSchedule(7, 10, 2);
        Set<Integer> firstRound = new HashSet<>();
        for (long j = 0; j < 7; j++) {
            firstRound.add(s.agentOf(j));
            assertThat(s.roundOf(j)).isZero();
        }
        assertThat(firstRound).hasSize(7);
        for (long j = 0; j < 70; j++) {
            assertThat(s.dueNanos(j + 7) - s.dueNanos(j)).isEqualTo(10_000_000_000L);
            assertThat(s.agentOf(j + 7)).isEqualTo(s.agentOf(j));
        }
        // offsets that do not divide evenly are not accumulated: agent 6 of 7 at 6/7 of 10 s
        assertThat(s.dueNanos(6)).isEqualTo(8_571_428_571L);
        assertThat(s.dueNanos(7 * 1000 + 6)).isEqualTo(1000 * 10_000_000_000L + 8_571_428_571L);
    }

    @Test
    void halvesTheAgentsBetweenTwoInstances() {
        HeartbeatSchedule s = new HeartbeatSchedule(1000, 10, 2);
        int[] per = new int[2];
        for (int a = 0; a < 1000; a++) {
            per[s.instanceOf(a)]++;
        }
        assertThat(per).containsExactly(500, 500);
        // consecutive beats alternate, so each instance also gets an even spread
        assertThat(s.instanceOf(s.agentOf(0))).isNotEqualTo(s.instanceOf(s.agentOf(1)));
    }

    @Test
    void refusesEmptySchedules() {
        assertThatThrownBy(() -> new HeartbeatSchedule(0, 10, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HeartbeatSchedule(10, 0, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
