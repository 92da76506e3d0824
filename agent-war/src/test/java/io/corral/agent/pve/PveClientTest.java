package io.corral.agent.pve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PveClientTest {

    private FakePve pve;

    @BeforeEach
    void startPve() {
        pve = FakePve.start();
    }

    @AfterEach
    void stopPve() {
        pve.close();
    }

    private PveClient client(String token) {
        return new PveClient(PveSettings.of(pve.url(), token));
    }

    @Test
    void readsVersionNodesAndEveryGuestWithTheApiToken() throws Exception {
        PveClient client = client(FakePve.TOKEN);

        assertThat(client.version().version()).isEqualTo("8.2.4");
        List<PveNode> nodes = client.nodes();
        List<PveGuest> guests = client.guests();

        assertThat(nodes).extracting(PveNode::name).containsExactly("pve1", "pve2", "pve3");
        assertThat(nodes.get(0)).isEqualTo(new PveNode("pve1", "online", 0.05, 16, 1234, 5678, 1234));
        assertThat(nodes.get(2)).isEqualTo(new PveNode("pve3", "offline", 0, 0, 0, 0, 0));
        assertThat(guests).extracting(PveGuest::vmid).containsExactly(100, 101, 9000);
        assertThat(guests.get(1)).satisfies(ct -> {
            assertThat(ct.type()).isEqualTo("lxc");
            assertThat(ct.node()).isEqualTo("pve2");
            assertThat(ct.lock()).isEqualTo("clone");
            assertThat(ct.template()).isFalse();
        });
        assertThat(guests.get(2).template()).isTrue();
        assertThat(guests.get(0).lock()).isNull();
        assertThat(pve.requests()).containsExactly("/version", "/nodes", "/cluster/resources?type=vm");
        assertThat(pve.authorizations()).containsOnly("PVEAPIToken=root@pam!corral=secret");
    }

    @Test
    void acceptsABaseUrlThatAlreadyEndsInApi2Json() throws Exception {
        PveClient client = new PveClient(PveSettings.of(pve.url() + "/api2/json/", FakePve.TOKEN));

        assertThat(client.version().release()).isEqualTo("8.2");
        assertThat(pve.requests()).containsExactly("/version");
    }

    @Test
    void aRejectedTokenIsReportedByStatusBecauseProxmoxPutsNoMessageInTheBody() {
        PveException e = catchThrowableOfType(PveException.class, () -> client("root@pam!corral=wrong").nodes());

        assertThat(e.status()).isEqualTo(401);
        assertThat(e.getMessage()).isEqualTo("HTTP 401");
        assertThat(e.shortReason()).isEqualTo("HTTP 401");
    }

    @Test
    void anErrorMessageInTheBodyIsUsed() {
        pve.answer("/version", 500, "{\"data\":null,\"message\":\"CT is locked (disk)\\n\"}");

        PveException e = catchThrowableOfType(PveException.class, () -> client(FakePve.TOKEN).version());

        assertThat(e.status()).isEqualTo(500);
        assertThat(e.getMessage()).isEqualTo("CT is locked (disk)");
        assertThat(e.shortReason()).isEqualTo("HTTP 500: CT is locked (disk)");
    }

    @Test
    void parameterErrorsNameTheParameter() {
        pve.answer("/cluster/resources?type=vm", 400,
                "{\"errors\":{\"type\":\"value 'vms' does not have a value in the enumeration\"},\"data\":null}");

        assertThatThrownBy(() -> client(FakePve.TOKEN).guests())
                .isInstanceOf(PveException.class)
                .hasMessage("type: value 'vms' does not have a value in the enumeration");
    }

    @Test
    void anAnswerThatIsNotProxmoxJsonIsAnError() {
        pve.answer("/version", 200, "<html>It works!</html>");

        assertThatThrownBy(() -> client(FakePve.TOKEN).version())
                .isInstanceOf(PveException.class)
                .hasMessageContaining("without a JSON {\"data\": …} body");
    }

    @Test
    void dataOfTheWrongShapeIsAnError() {
        pve.answer("/nodes", 200, "{\"data\":{\"node\":\"pve1\"}}");

        assertThatThrownBy(() -> client(FakePve.TOKEN).nodes())
                .isInstanceOf(PveException.class)
                .hasMessage("unexpected answer to /nodes: data is not a list");
    }

    @Test
    void anUnreachableProxmoxIsAnErrorWithoutStatus() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        PveClient client = new PveClient(PveSettings.of("http://127.0.0.1:" + closedPort, FakePve.TOKEN));

        PveException e = catchThrowableOfType(PveException.class, client::version);

        assertThat(e.status()).isZero();
        assertThat(e.shortReason()).isEqualTo("connection refused");
    }

    @Test
    void withoutATokenNothingIsSent() {
        assertThatThrownBy(() -> client(null).version())
                .isInstanceOf(PveException.class)
                .hasMessage("CORRAL_AGENT_PVE_TOKEN is not set");
        assertThat(pve.requests()).isEmpty();
    }

    @Test
    void aUrlWithoutSchemeIsReportedNotThrownAtConstruction() {
        PveClient client = new PveClient(PveSettings.of("pve1:8006", FakePve.TOKEN));

        assertThatThrownBy(client::version)
                .isInstanceOf(PveException.class)
                .hasMessageContaining("CORRAL_AGENT_PVE_URL must start with https://");
    }

    @Test
    void settingsNeverPrintTheToken() {
        assertThat(PveSettings.of(pve.url(), FakePve.TOKEN).toString())
                .doesNotContain("secret")
                .contains("token=***");
    }
}
