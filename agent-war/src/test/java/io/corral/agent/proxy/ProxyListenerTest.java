package io.corral.agent.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.corral.agent.clone.CloneGate;
import io.corral.agent.clone.CloneGateSettings;
import io.corral.agent.pve.PveSettings;
import java.io.InputStream;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Executors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Where the proxy listens by default, and what its start-up log line tells an operator. */
class ProxyListenerTest {

    private static final String CREDENTIAL = "k3Vq9xZ2mN8pL5tR7wY1aB4cD6eF0gH2jK9sU3vX5zQ";

    private final CloneGate gate = new CloneGate(CloneGateSettings.defaults(),
            (node, upid) -> CloneGate.TaskState.STOPPED, Executors.defaultThreadFactory());
    private final PveSettings upstream = new PveSettings("https://127.0.0.1:8006", "root@pam!corral=secret", null,
            Duration.ofSeconds(5));

    @AfterEach
    void closeGate() {
        gate.close();
    }

    @Test
    void listensOnLoopbackOnlyByDefault() throws Exception {
        Properties shipped = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/META-INF/microprofile-config.properties")) {
            shipped.load(in);
        }
        ConfigProperty annotated = ProxyConfig.class.getDeclaredField("bind").getAnnotation(ConfigProperty.class);

        assertThat(shipped.getProperty("CORRAL_AGENT_PROXY_BIND")).isEqualTo("127.0.0.1");
        assertThat(annotated.defaultValue()).isEqualTo("127.0.0.1");
        assertThat(ProxySettings.defaults(upstream).bindAddress()).isEqualTo("127.0.0.1");
        try (PveProxyServer proxy = new PveProxyServer(ProxySettings.defaults(upstream)
                .withListener(ProxySettings.defaults(upstream).bindAddress(), 0, true), gate)) {
            proxy.start();
            assertThat(InetAddress.getByName(proxy.boundAddress()).isLoopbackAddress()).isTrue();
        }
    }

    @Test
    void aNonLoopbackBindIsAllowedAndLoggedAsSuch() {
        try (LogCapture log = new LogCapture();
                PveProxyServer proxy = new PveProxyServer(ProxySettings.defaults(upstream)
                        .withListener("0.0.0.0", 0, true), gate)) {
            proxy.start();

            assertThat(proxy.isRunning()).isTrue();
            assertThat(log.lines()).anySatisfy(line -> assertThat(line).startsWith("WARNING")
                    .contains("0.0.0.0").contains("reachable from other hosts"));
        }
    }

    @Test
    void theStartUpLineStatesAuthModeBindTlsAndWhetherACredentialIsSetButNeverTheCredential() {
        try (LogCapture log = new LogCapture();
                PveProxyServer proxy = new PveProxyServer(ProxySettings.defaults(upstream)
                        .withListener("127.0.0.1", 0, false).withAgentAuth(CREDENTIAL), gate)) {
            proxy.start();

            assertThat(log.lines()).anySatisfy(line -> assertThat(line).contains("PVE API proxy listening")
                    .contains("bind 127.0.0.1:" + proxy.port()).contains("TLS on").contains("auth agent")
                    .contains("proxy credential set"));
            assertThat(log.lines()).noneSatisfy(line -> assertThat(line).contains(CREDENTIAL));
        }
        try (LogCapture log = new LogCapture();
                PveProxyServer proxy = new PveProxyServer(ProxySettings.defaults(upstream)
                        .withListener("127.0.0.1", 0, true), gate)) {
            proxy.start();

            assertThat(log.lines()).anySatisfy(line -> assertThat(line).contains("PVE API proxy listening")
                    .contains("bind 127.0.0.1:" + proxy.port()).contains("TLS off").contains("auth passthrough")
                    .contains("proxy credential none"));
        }
    }
}
