package io.corral.agent.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.corral.agent.pve.PveSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ordinary Proxmox API traffic through the proxy (HTTPS both sides, real simulator). */
class PveProxyPassThroughTest {

    private static ProxyFixture fixture;

    @BeforeAll
    static void start() {
        fixture = ProxyFixture.start(UnaryOperator.identity(), ProxyFixture.gateSettings(100), UnaryOperator.identity());
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void listsNodesAndResourcesAndReadsTheVersion() throws Exception {
        PveApiClient client = fixture.client();

        PveApiClient.Response nodes = client.get("/nodes");
        PveApiClient.Response resources = client.get("/cluster/resources?type=vm");
        PveApiClient.Response version = client.get("/version");

        assertThat(nodes.status()).isEqualTo(200);
        assertThat(nodes.body()).contains("\"node\":\"pve1\"").contains("\"node\":\"pve2\"");
        assertThat(nodes.headers().get("content-type")).singleElement().asString().startsWith("application/json");
        assertThat(resources.status()).isEqualTo(200);
        assertThat(resources.body()).contains("\"vmid\":9000").contains("\"vmid\":201");
        assertThat(version.status()).isEqualTo(200);
        assertThat(version.field("version")).matches("\\d+\\.\\d+.*");
        // Byte for byte what Proxmox answers.
        assertThat(resources.body()).isEqualTo(fixture.direct().get("/cluster/resources?type=vm").body());
    }

    @Test
    void relaysProxmoxErrorsWithTheirReasonPhrase() throws Exception {
        PveApiClient.Response viaProxy = fixture.client().get("/nodes/pve1/qemu/999/status/current");
        PveApiClient.Response direct = fixture.direct().get("/nodes/pve1/qemu/999/status/current");

        assertThat(viaProxy.status()).isEqualTo(500);
        assertThat(viaProxy.reason()).isEqualTo("Configuration file 'nodes/pve1/qemu-server/999.conf' does not exist");
        assertThat(viaProxy.reason()).isEqualTo(direct.reason());
        assertThat(viaProxy.body()).isEqualTo(direct.body());
    }

    @Test
    void relaysParameterErrors() throws Exception {
        PveApiClient.Response response = fixture.client().post("/nodes/pve1/qemu/9000/clone", Map.of());

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.reason()).isEqualTo("Parameter verification failed.");
        assertThat(response.body()).contains("\"newid\"");
        assertThat(fixture.gate.stats().running()).isZero(); // refused without a UPID: slot freed at once
    }

    @Test
    void ticketLoginWorksThroughTheProxy() throws Exception {
        PveApiClient client = new PveApiClient(fixture.proxyRoot(), fixture.proxy.certificateSha256());

        PveApiClient.Response login = client.login("root@pam", "password");
        PveApiClient.Response nodes = client.get("/nodes");
        PveApiClient.Response write = client.put("/nodes/pve1/qemu/102/config", Map.of("description", "via proxy"));

        assertThat(login.status()).isEqualTo(200);
        assertThat(login.field("ticket")).startsWith("PVE:");
        assertThat(nodes.status()).isEqualTo(200);
        assertThat(write.status()).as(write.reason()).isEqualTo(200);
        assertThat(fixture.direct().get("/nodes/pve1/qemu/102/config").body()).contains("via proxy");
    }

    @Test
    void aBadPasswordGetsProxmoxsDelayed401() throws Exception {
        PveApiClient client = new PveApiClient(fixture.proxyRoot(), fixture.proxy.certificateSha256());

        PveApiClient.Response login = client.login("root@pam", "wrong");

        assertThat(login.status()).isEqualTo(401);
        assertThat(login.reason()).isEqualTo("authentication failure");
    }

    @Test
    void requestsWithoutCredentialsAreRefusedByProxmoxByDefault() throws Exception {
        PveApiClient anonymous = new PveApiClient(fixture.proxyRoot(), fixture.proxy.certificateSha256());

        assertThat(anonymous.get("/nodes").status()).isEqualTo(401);
        assertThat(new PveApiClient(fixture.proxyRoot(), fixture.proxy.certificateSha256())
                .token(ProxyFixture.TOKEN_ID + "=wrong").get("/nodes").status()).isEqualTo(401);
    }

    @Test
    void servesOnlyTheApi() throws Exception {
        PveApiClient root = new PveApiClient("https://127.0.0.1:" + fixture.proxy.port(),
                fixture.proxy.certificateSha256()).token(ProxyFixture.TOKEN);

        PveApiClient.Response response = root.get("/index.html");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.reason()).contains("/api2/");
    }

    @Test
    void clientsPinningAnotherCertificateAreRefused() {
        PveApiClient wrongPin = new PveApiClient(fixture.proxyRoot(), fixture.sim.certificateSha256())
                .token(ProxyFixture.TOKEN);

        assertThatThrownBy(() -> wrongPin.get("/version")).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void aProxmoxWithAnotherCertificateThanThePinnedOneIsNotTalkedTo() throws Exception {
        String wrongPin = fixture.proxy.certificateSha256(); // anything but the simulator's
        try (ProxyFixture pinned = ProxyFixture.start(UnaryOperator.identity(), ProxyFixture.gateSettings(100),
                s -> s.withUpstream(new PveSettings(s.upstream().url(), s.upstream().token(), wrongPin,
                        Duration.ofSeconds(5))))) {
            PveApiClient.Response response = pinned.client().get("/version");

            assertThat(response.status()).isEqualTo(502);
            assertThat(response.reason()).contains("unreachable").contains("fingerprint");
        }
    }

    @Test
    void theSelfSignedCertificateIsKeptAcrossRestarts(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("proxy-tls.p12");
        ProxySettings settings = ProxySettings.defaults(PveSettings.of("https://127.0.0.1:8006", null))
                .withKeystore(null, null, store);

        ServerTls first = ServerTls.load(settings);
        ServerTls second = ServerTls.load(settings);

        assertThat(Files.exists(store)).isTrue();
        assertThat(first.fingerprint()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        assertThat(second.fingerprint()).isEqualTo(first.fingerprint());
    }

    @Test
    void aConfiguredKeystoreIsServed(@TempDir Path dir) throws Exception {
        Path keystore = dir.resolve("mine.p12");
        ServerTls generated = ServerTls.load(ProxySettings.defaults(PveSettings.of("https://x:8006", null))
                .withKeystore(null, null, keystore)); // writes a PKCS12 file we then configure as "ours"

        ServerTls configured = ServerTls.load(ProxySettings.defaults(PveSettings.of("https://x:8006", null))
                .withKeystore(keystore, Files.readString(dir.resolve("mine.p12.password")), null));

        assertThat(configured.fingerprint()).isEqualTo(generated.fingerprint());
        assertThat(configured.source()).contains("keystore");
        assertThatThrownBy(() -> ServerTls.load(ProxySettings.defaults(PveSettings.of("https://x:8006", null))
                .withKeystore(keystore, "wrong", null))).isInstanceOf(IOException.class);
    }
}
