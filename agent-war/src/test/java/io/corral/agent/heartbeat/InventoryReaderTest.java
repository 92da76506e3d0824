package io.corral.agent.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import io.corral.agent.pve.FakePve;
import io.corral.agent.pve.PveClient;
import io.corral.agent.pve.PveGuest;
import io.corral.agent.pve.PveNode;
import io.corral.agent.pve.PveSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InventoryReaderTest {

    private FakePve pve;

    @BeforeEach
    void startPve() {
        pve = FakePve.start();
    }

    @AfterEach
    void stopPve() {
        pve.close();
    }

    private Inventory read(String token) {
        return new InventoryReader(new PveClient(PveSettings.of(pve.url(), token))).read();
    }

    @Test
    void readsVersionNodesAndGuests() {
        Inventory inventory = read(FakePve.TOKEN);

        assertThat(inventory.reachable()).isTrue();
        assertThat(inventory.pveVersion()).isEqualTo("8.2.4");
        assertThat(inventory.error()).isNull();
        assertThat(inventory.nodes()).extracting(PveNode::name).containsExactly("pve1", "pve2", "pve3");
        assertThat(inventory.guests()).extracting(PveGuest::vmid).containsExactly(100, 101, 9000);
    }

    @Test
    void aFailingCallMakesTheWholeInventoryUnreachable() {
        pve.answer("/cluster/resources?type=vm", 500, "{\"data\":null,\"message\":\"cluster not ready - no quorum?\"}");

        Inventory inventory = read(FakePve.TOKEN);

        assertThat(inventory).isEqualTo(Inventory.unreachable("HTTP 500: cluster not ready - no quorum?"));
    }

    @Test
    void aRejectedTokenIsTheReason() {
        assertThat(read("root@pam!corral=wrong").error()).isEqualTo("HTTP 401");
    }

    @Test
    void aMissingTokenIsTheReasonAndNothingIsAsked() {
        assertThat(read(null).error()).isEqualTo("CORRAL_AGENT_PVE_TOKEN is not set");
        assertThat(pve.requests()).isEmpty();
    }

    @Test
    void aMalformedAnswerIsTheReason() {
        pve.answer("/nodes", 200, "{\"data\":[\"pve1\"]}");

        Inventory inventory = read(FakePve.TOKEN);

        assertThat(inventory.reachable()).isFalse();
        assertThat(inventory.error()).startsWith("unreadable answer");
    }
}
