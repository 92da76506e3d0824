package io.corral.agent.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import io.corral.agent.control.ControlPlaneClient;
import io.corral.agent.control.ControlPlaneSettings;
import io.corral.agent.control.FakeControlPlane;
import jakarta.json.Json;
import java.io.StringReader;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HeartbeatSenderTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:10Z");
    private static final Heartbeat HEARTBEAT = new Heartbeat("0.1.0", List.of("inventory"),
            Instant.parse("2026-11-23T10:00:00Z"), 10, Inventory.unreachable("connection refused"));

    private FakeControlPlane controlPlane;

    @BeforeEach
    void startControlPlane() {
        controlPlane = FakeControlPlane.start();
    }

    @AfterEach
    void stopControlPlane() {
        controlPlane.close();
    }

    private static HeartbeatOutcome send(String url, String token) {
        ControlPlaneClient client = new ControlPlaneClient(
                new ControlPlaneSettings(url, token, Duration.ofSeconds(5)));
        return new HeartbeatSender(client, Clock.fixed(NOW, ZoneOffset.UTC)).send(HEARTBEAT);
    }

    @Test
    void postsTheHeartbeatAsJsonWithTheBearerToken() {
        HeartbeatOutcome outcome = send(controlPlane.url() + "/", FakeControlPlane.TOKEN);

        assertThat(outcome).isEqualTo(HeartbeatOutcome.accepted(NOW, 200, "a-1"));
        assertThat(controlPlane.received()).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo("/api/v1/agent/heartbeat");
            assertThat(request.authorization()).isEqualTo("Bearer agent-token");
            assertThat(request.contentType()).isEqualTo("application/json");
            assertThat(Json.createReader(new StringReader(request.body())).readObject())
                    .isEqualTo(HEARTBEAT.toJson());
        });
    }

    @Test
    void cancellationsInTheAnswerAreHandedBack() {
        controlPlane.answerHeartbeats("{\"agentId\":\"a-1\",\"cancellations\":[\"c-1\",\"c-2\"],\"later\":{}}");

        HeartbeatOutcome outcome = send(controlPlane.url(), FakeControlPlane.TOKEN);

        assertThat(outcome).isEqualTo(HeartbeatOutcome.accepted(NOW, 200, "a-1", List.of("c-1", "c-2")));
    }

    @Test
    void aRejectedTokenIsAnOutcomeWithStatusCodeAndMessage() {
        HeartbeatOutcome outcome = send(controlPlane.url(), "stolen");

        assertThat(outcome.accepted()).isFalse();
        assertThat(outcome.summary()).isEqualTo("HTTP 401 UNAUTHORIZED");
        assertThat(outcome.detail()).isEqualTo("unknown agent token");
    }

    @Test
    void anUnreachableControlPlaneIsAnOutcome() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        HeartbeatOutcome outcome = send("http://127.0.0.1:" + closedPort, FakeControlPlane.TOKEN);

        assertThat(outcome).isEqualTo(HeartbeatOutcome.undelivered(NOW, "connection refused"));
    }

    @Test
    void withoutATokenNothingIsSent() {
        HeartbeatOutcome outcome = send(controlPlane.url(), "  ");

        assertThat(outcome.summary()).isEqualTo("CORRAL_AGENT_TOKEN is not set");
        assertThat(controlPlane.received()).isEmpty();
    }
}
