package io.corral.observe;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FleetStateTest {

    @Test
    void statesNotCountedReadAsZero() {
        FleetState state = new FleetState(Map.of("queued", 7L), Map.of("online", 2L),
                Map.of("pve-a", new FleetState.CloneGateFigures(3, 2, 40, 12.5)), Map.of("clone-run", 1L));

        assertThat(state.commands("queued")).isEqualTo(7);
        assertThat(state.commands("running")).isZero();
        assertThat(state.agents("online")).isEqualTo(2);
        assertThat(state.agents("offline")).isZero();
        assertThat(state.jobs("clone-run")).isEqualTo(1);
        assertThat(state.jobs("retention-prune")).isZero();
        assertThat(state.cloneGate("pve-a").waitedSeconds()).isEqualTo(12.5);
        assertThat(state.cloneGate("gone")).isEqualTo(new FleetState.CloneGateFigures(0, 0, 0, 0));
    }
}
