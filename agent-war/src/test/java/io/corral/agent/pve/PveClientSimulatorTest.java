package io.corral.agent.pve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.corral.agent.heartbeat.Inventory;
import io.corral.agent.heartbeat.InventoryReader;
import io.corral.pvesim.PveSimulator;
import io.corral.pvesim.Seed;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Proxmox client against the Proxmox simulator (default seed: 2 nodes, 10 guests, 3 templates). */
class PveClientSimulatorTest {

    private static PveSimulator sim;

    @BeforeAll
    static void startSimulator() {
        sim = PveSimulator.builder().port(0).seed(Seed.defaultSeed())
                .apiToken("root@pam!corral", "secret").start();
    }

    @AfterAll
    static void stopSimulator() {
        sim.close();
    }

    private static PveClient client(String token) {
        return new PveClient(PveSettings.of(sim.baseUrl(), token));
    }

    @Test
    void readsTheVersion() throws Exception {
        assertThat(client("root@pam!corral=secret").version().version()).matches("\\d+\\.\\d+.*");
    }

    @Test
    void readsTheNodes() throws Exception {
        List<PveNode> nodes = client("root@pam!corral=secret").nodes();

        assertThat(nodes).extracting(PveNode::name).containsExactly("pve1", "pve2");
        assertThat(nodes).extracting(PveNode::status).containsOnly("online");
        assertThat(nodes).extracting(PveNode::maxcpu).containsExactly(16L, 8L);
        assertThat(nodes).allSatisfy(node -> assertThat(node.maxmem()).isPositive());
    }

    @Test
    void readsEveryGuestOfEveryNode() throws Exception {
        List<PveGuest> guests = client("root@pam!corral=secret").guests();

        assertThat(guests).hasSize(10);
        assertThat(guests).filteredOn(PveGuest::template).hasSize(3);
        assertThat(guests).extracting(PveGuest::node).containsOnly("pve1", "pve2");
        assertThat(guests).filteredOn(guest -> guest.vmid() == 100).singleElement().satisfies(web -> {
            assertThat(web.name()).isEqualTo("web-1");
            assertThat(web.type()).isEqualTo("qemu");
            assertThat(web.node()).isEqualTo("pve1");
            assertThat(web.status()).isEqualTo("running");
            assertThat(web.maxmem()).isEqualTo(4294967296L);
            assertThat(web.lock()).isNull();
        });
        assertThat(guests).filteredOn(guest -> guest.vmid() == 200).singleElement()
                .satisfies(dns -> assertThat(dns.isContainer()).isTrue());
    }

    @Test
    void aWrongSecretIsRefused() {
        PveException e = catchThrowableOfType(PveException.class,
                () -> client("root@pam!corral=wrong").version());

        assertThat(e.status()).isEqualTo(401);
    }

    @Test
    void anInventoryReadsInFull() {
        Inventory inventory = new InventoryReader(client("root@pam!corral=secret")).read();

        assertThat(inventory.reachable()).isTrue();
        assertThat(inventory.nodes()).hasSize(2);
        assertThat(inventory.guests()).hasSize(10);
    }
}
