package io.corral.agent.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.corral.agent.clone.CloneGate;
import io.corral.agent.clone.CloneGateSettings;
import io.corral.agent.pve.PveSettings;
import java.net.HttpURLConnection;
import java.net.URL;
import java.time.Duration;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** Proxmox (and its logs) learn who called through the proxy. */
class ProxyForwardedForTest {

    @Test
    void theCallersAddressIsAppendedToXForwardedFor() throws Exception {
        try (RecordingUpstream pve = new RecordingUpstream();
                CloneGate gate = new CloneGate(CloneGateSettings.defaults(),
                        (node, upid) -> CloneGate.TaskState.STOPPED, Executors.defaultThreadFactory());
                PveProxyServer proxy = new PveProxyServer(ProxySettings.defaults(
                        new PveSettings(pve.url(), null, null, Duration.ofSeconds(5)))
                        .withListener("127.0.0.1", 0, true), gate)) {
            proxy.start();
            String root = "http://127.0.0.1:" + proxy.port() + "/api2/json";

            assertThat(new PveApiClient(root, null).token("root@pam!x=y").get("/version").status()).isEqualTo(200);
            HttpURLConnection viaAnotherProxy = (HttpURLConnection) new URL(root + "/nodes").openConnection();
            viaAnotherProxy.setRequestProperty("Authorization", "PVEAPIToken=root@pam!x=y");
            viaAnotherProxy.setRequestProperty("X-Forwarded-For", "203.0.113.7");
            assertThat(viaAnotherProxy.getResponseCode()).isEqualTo(200);

            assertThat(pve.requests).hasSize(2);
            assertThat(pve.requests.get(0).headers().getFirst("X-Forwarded-For")).isEqualTo("127.0.0.1");
            assertThat(pve.requests.get(1).headers().getFirst("X-Forwarded-For")).isEqualTo("203.0.113.7, 127.0.0.1");
        }
    }
}
