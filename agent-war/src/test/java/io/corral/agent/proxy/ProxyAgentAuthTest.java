package io.corral.agent.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.corral.agent.clone.CloneGate;
import io.corral.agent.clone.CloneGateSettings;
import io.corral.agent.pve.PveSettings;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * {@code agent} auth mode: the proxy lends the agent's own Proxmox token, so only to callers that
 * present the proxy credential ({@code Authorization: PVEAPIToken=corral-proxy@pve!client=SECRET}).
 */
class ProxyAgentAuthTest {

    static final String CREDENTIAL = "Qm7vT2xL9pZ4rN8kW3yH6bJ1cF5dG0sA2eU7iO4nX9m";

    @Test
    void agentModeDoesNotStartWithoutAProxyCredential() {
        assertThatThrownBy(() -> ProxyFixture.start(UnaryOperator.identity(), ProxyFixture.gateSettings(10),
                s -> s.withAuth(ProxySettings.AuthMode.AGENT)).close())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("CORRAL_AGENT_PROXY_CREDENTIAL");
        assertThatThrownBy(() -> ProxyFixture.start(UnaryOperator.identity(), ProxyFixture.gateSettings(10),
                s -> s.withAgentAuth("too-short-to-be-a-secret")).close())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("at least 43");
    }

    @Test
    void onlyTheProxyCredentialGetsTheAgentsToken() throws Exception {
        try (ProxyFixture f = ProxyFixture.start(UnaryOperator.identity(), ProxyFixture.gateSettings(10),
                s -> s.withAgentAuth(CREDENTIAL))) {
            PveApiClient.Response anonymous = f.anonymous().get("/nodes");
            PveApiClient.Response wrong = f.anonymous().token(ProxyCredential.TOKEN_ID + "=" + CREDENTIAL + "x")
                    .get("/nodes");
            PveApiClient.Response right = f.anonymous().token(ProxyCredential.TOKEN_ID + "=" + CREDENTIAL)
                    .get("/nodes");
            PveApiClient.Response ownToken = f.client().get("/nodes");

            assertThat(anonymous.status()).isEqualTo(401);
            assertThat(anonymous.reason()).contains("proxy credential");
            assertThat(wrong.status()).isEqualTo(401);
            assertThat(right.status()).isEqualTo(200);
            assertThat(right.body()).contains("\"node\":\"pve1\"");
            assertThat(ownToken.status()).as("a caller's own Proxmox token still passes through").isEqualTo(200);
        }
    }

    @Test
    void aCloneWithoutTheCredentialIsRefusedBeforeTheGate() throws Exception {
        try (ProxyFixture f = ProxyFixture.start(UnaryOperator.identity(), ProxyFixture.gateSettings(10),
                s -> s.withAgentAuth(CREDENTIAL))) {
            PveApiClient.Response clone = f.anonymous().post("/nodes/pve1/qemu/9000/clone", Map.of("newid", "950"));

            assertThat(clone.status()).isEqualTo(401);
            assertThat(f.gate.stats().granted()).isZero();
            assertThat(f.sim.state().isVmidUsed(950)).isFalse();
        }
    }

    @Test
    void refusedRequestsNeverReachProxmox() throws Exception {
        try (RecordingUpstream pve = new RecordingUpstream();
                CloneGate gate = new CloneGate(CloneGateSettings.defaults(),
                        (node, upid) -> CloneGate.TaskState.STOPPED, Executors.defaultThreadFactory());
                PveProxyServer proxy = new PveProxyServer(ProxySettings.defaults(
                        new PveSettings(pve.url(), "root@pam!corral=agent-secret", null, Duration.ofSeconds(5)))
                        .withListener("127.0.0.1", 0, true).withAgentAuth(CREDENTIAL), gate)) {
            proxy.start();
            String root = "http://127.0.0.1:" + proxy.port() + "/api2/json";

            int anonymous = new PveApiClient(root, null).get("/nodes").status();
            int wrong = new PveApiClient(root, null).token(ProxyCredential.TOKEN_ID + "=nope").get("/nodes").status();
            assertThat(pve.requests).isEmpty();
            int right = new PveApiClient(root, null).token(ProxyCredential.TOKEN_ID + "=" + CREDENTIAL).get("/nodes")
                    .status();

            assertThat(anonymous).isEqualTo(401);
            assertThat(wrong).isEqualTo(401);
            assertThat(right).isEqualTo(200);
            assertThat(pve.requests).singleElement().satisfies(r -> assertThat(r.headers().getFirst("Authorization"))
                    .isEqualTo("PVEAPIToken=root@pam!corral=agent-secret"));
        }
    }
}
