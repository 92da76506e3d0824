package io.corral.agent.executor.proxmox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProxmoxSettingsTest {

    private static final ProxmoxSettings DEFAULTS = ProxmoxSettings.defaults();

    @Test
    void aTaskIsPolledAtATwentiethOfItsAgeBetweenTheMinimumAndTheMaximum() {
        assertThat(DEFAULTS.taskPollDelay(Duration.ZERO)).isEqualTo(Duration.ofMillis(25));
        assertThat(DEFAULTS.taskPollDelay(Duration.ofMillis(100))).isEqualTo(Duration.ofMillis(25));
        assertThat(DEFAULTS.taskPollDelay(Duration.ofMillis(1_000))).isEqualTo(Duration.ofMillis(50));
        assertThat(DEFAULTS.taskPollDelay(Duration.ofSeconds(3))).isEqualTo(Duration.ofMillis(150));
        assertThat(DEFAULTS.taskPollDelay(Duration.ofSeconds(10))).isEqualTo(Duration.ofMillis(500));
        assertThat(DEFAULTS.taskPollDelay(Duration.ofMinutes(10))).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void aMinimumAboveTheMaximumIsTheMaximum() {
        ProxmoxSettings odd = new ProxmoxSettings(Duration.ofMillis(100), Duration.ofMillis(400), 3,
                Duration.ofSeconds(2), Duration.ofSeconds(8), Duration.ofSeconds(30), Duration.ofSeconds(60),
                Duration.ofHours(1), 20);

        assertThat(odd.pollIntervalMin()).isEqualTo(Duration.ofMillis(100));
        assertThat(odd.taskPollDelay(Duration.ZERO)).isEqualTo(Duration.ofMillis(100));
        assertThat(odd.taskPollDelay(Duration.ofMinutes(1))).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void theNumberOfPollsOfALongTaskIsBoundedByTheMaximum() {
        long polls = 0;
        Duration elapsed = Duration.ZERO;
        while (elapsed.compareTo(Duration.ofMinutes(1)) < 0) {
            elapsed = elapsed.plus(DEFAULTS.taskPollDelay(elapsed));
            polls++;
        }
        // 20 polls in the first half second, ~61 growing by 5 % up to 10 s, then one per 500 ms: ~180 in a minute
        assertThat(polls).isBetween(160L, 200L);
    }
}
