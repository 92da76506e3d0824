package io.corral.launcher;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PortsTest {

    @Test
    void zeroBecomesDistinctFreePorts() throws Exception {
        int[] ports = Ports.resolve(new int[] {0, 0, 0, 0}, new String[] {"a", "b", "c", "d"});

        assertThat(ports).doesNotContain(0).doesNotHaveDuplicates();
    }

    @Test
    void aFixedPortInUseIsReportedByName() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> Ports.resolve(new int[] {0, busy.getLocalPort()}, new String[] {"agent", "control plane"}))
                    .hasMessageContaining("port " + busy.getLocalPort() + " for the control plane is in use");
        }
    }

    @Test
    void dataGridPortsAreFreeDistinctAndBelowTheEphemeralRange() throws Exception {
        int[] ports = Ports.freeBelowEphemeral(2);

        assertThat(ports).hasSize(2).doesNotHaveDuplicates();
        assertThat(java.util.Arrays.stream(ports).boxed()).allMatch(p -> p >= 10000 && p < Ports.ephemeralLow());
        for (int port : ports) {
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(socket.getLocalPort()).isEqualTo(port);
            }
        }
    }
}
