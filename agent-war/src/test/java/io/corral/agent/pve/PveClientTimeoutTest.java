package io.corral.agent.pve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.corral.agent.platform.StallingServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A Proxmox that sends its headers and then stalls the body cannot hold a call past its timeout. */
class PveClientTimeoutTest {

    @Test
    void aStalledBodyEndsTheCallAtTheTimeout() throws Exception {
        try (StallingServer server = new StallingServer()) {
            PveClient pve = new PveClient(new PveSettings(server.url(), "root@pam!corral=secret", null,
                    Duration.ofSeconds(1)));

            PveException get = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> catchThrowableOfType(PveException.class, pve::version));
            PveException put = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> catchThrowableOfType(
                    PveException.class, () -> pve.put("/nodes/pve1/qemu/100/config", Map.of("name", "x"))));

            assertThat(server.answered()).isEqualTo(2);
            assertThat(get).isNotNull();
            assertThat(get.getMessage()).contains("timed out");
            assertThat(put).isNotNull();
            assertThat(put.getMessage()).contains("timed out");
        }
    }
}
