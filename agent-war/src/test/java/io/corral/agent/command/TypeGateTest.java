package io.corral.agent.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.corral.agent.executor.CancellationFlag;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TypeGateTest {

    private final TypeGate gate = new TypeGate(4, Map.of("proxmox.clone", 1));

    @Test
    void eachTypeHasItsBoundAndSomeTypesTheirOwn() throws Exception {
        assertThat(gate.limit("proxmox.status")).isEqualTo(4);
        assertThat(gate.limit("proxmox.clone")).isEqualTo(1);

        TypeGate.Slot clone = gate.acquire("proxmox.clone", new CancellationFlag());
        assertThat(gate.available("proxmox.clone")).isZero();
        assertThat(gate.available("proxmox.status")).isEqualTo(4);
        clone.close();
        assertThat(gate.available("proxmox.clone")).isEqualTo(1);
    }

    @Test
    void aCommandCancelledWhileWaitingForASlotGetsNone() throws Exception {
        TypeGate.Slot held = gate.acquire("proxmox.clone", new CancellationFlag());
        CancellationFlag cancelled = new CancellationFlag();
        cancelled.set("cancelled by the control plane");

        assertThat(gate.acquire("proxmox.clone", cancelled)).isNull();
        held.close();
        assertThat(gate.available("proxmox.clone")).isEqualTo(1);
    }
}
