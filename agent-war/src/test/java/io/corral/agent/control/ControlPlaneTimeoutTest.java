package io.corral.agent.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.corral.agent.platform.StallingServer;
import jakarta.json.Json;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A control plane that sends its headers and then stalls the body cannot hold a call past its timeout. */
class ControlPlaneTimeoutTest {

    @Test
    void aStalledBodyEndsTheCallAtTheTimeout() throws Exception {
        try (StallingServer server = new StallingServer()) {
            ControlPlaneClient client = new ControlPlaneClient(
                    new ControlPlaneSettings(server.url(), "cag_t", Duration.ofSeconds(1)));

            ControlPlaneException post = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> catchThrowableOfType(
                    ControlPlaneException.class, () -> client.post("/api/v1/agent/heartbeat",
                            Json.createObjectBuilder().build())));
            ControlPlaneException get = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> catchThrowableOfType(
                    ControlPlaneException.class, () -> client.get("/api/v1/agent/commands", Duration.ofSeconds(1))));

            assertThat(server.answered()).isEqualTo(2);
            assertThat(post).isNotNull();
            assertThat(post.getMessage()).contains("timed out");
            assertThat(get).isNotNull();
            assertThat(get.getMessage()).contains("timed out");
        }
    }
}
