package io.corral.pvesim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The default seed as the list endpoints show it. */
class GuestListTest {

    private static PveSimulator sim;
    private static PveClient api;

    @BeforeAll
    static void start() {
        sim = Sims.fast().start();
        api = Sims.client(sim);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void twoOnlineNodes() {
        List<JsonNode> nodes = list(api.get("/nodes").data());
        assertThat(nodes).extracting(n -> n.path("node").asText()).containsExactly("pve1", "pve2");
        for (JsonNode node : nodes) {
            assertThat(node.path("status").asText()).isEqualTo("online");
            assertThat(node.path("id").asText()).isEqualTo("node/" + node.path("node").asText());
            assertThat(node.path("type").asText()).isEqualTo("node");
            assertThat(node.path("maxcpu").asInt()).isPositive();
            assertThat(node.path("maxmem").asLong()).isGreaterThan(node.path("mem").asLong());
            assertThat(node.path("ssl_fingerprint").asText()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        }
    }

    @Test
    void tenGuestsThreeOfThemTemplates() {
        List<JsonNode> vms = list(api.get("/cluster/resources?type=vm").data());
        assertThat(vms).hasSize(10);
        assertThat(vms).filteredOn(vm -> vm.path("template").asInt() == 1)
                .extracting(vm -> vm.path("name").asText())
                .containsExactlyInAnyOrder("tpl-debian-12", "tpl-ubuntu-24", "tpl-alpine-ct");
        JsonNode web1 = vms.stream().filter(vm -> vm.path("vmid").asInt() == 100).findFirst().orElseThrow();
        assertThat(web1.path("id").asText()).isEqualTo("qemu/100");
        assertThat(web1.path("type").asText()).isEqualTo("qemu");
        assertThat(web1.path("node").asText()).isEqualTo("pve1");
        assertThat(web1.path("status").asText()).isEqualTo("running");
        assertThat(web1.path("uptime").asLong()).isPositive();
    }

    @Test
    void perNodeListsAgreeWithTheClusterView() {
        Set<String> fromNodeLists = new TreeSet<>();
        for (String node : List.of("pve1", "pve2")) {
            for (String type : List.of("qemu", "lxc")) {
                for (JsonNode guest : list(api.get("/nodes/" + node + "/" + type).data())) {
                    assertThat(guest.path("vmid").isInt()).isTrue();
                    if (type.equals("lxc")) {
                        assertThat(guest.path("type").asText()).isEqualTo("lxc");
                    }
                    fromNodeLists.add(type + "/" + guest.path("vmid").asInt() + "@" + node + ":"
                            + guest.path("status").asText());
                }
            }
        }
        Set<String> fromCluster = new TreeSet<>();
        for (JsonNode vm : list(api.get("/cluster/resources?type=vm").data())) {
            fromCluster.add(vm.path("id").asText() + "@" + vm.path("node").asText() + ":" + vm.path("status").asText());
        }
        assertThat(fromNodeLists).isEqualTo(fromCluster);
        assertThat(list(api.get("/nodes/pve1/qemu").data())).hasSize(5);
        assertThat(list(api.get("/nodes/pve2/lxc").data())).hasSize(2);
    }

    @Test
    void qemuListsOmitTemplateExceptForTemplates() {
        List<JsonNode> qemu = list(api.get("/nodes/pve1/qemu").data());
        JsonNode web1 = qemu.stream().filter(g -> g.path("vmid").asInt() == 100).findFirst().orElseThrow();
        JsonNode template = qemu.stream().filter(g -> g.path("vmid").asInt() == 9000).findFirst().orElseThrow();
        assertThat(web1.has("template")).isFalse();
        assertThat(web1.path("pid").asInt()).isPositive();
        assertThat(template.path("template").asInt()).isEqualTo(1);
        assertThat(template.path("status").asText()).isEqualTo("stopped");
        assertThat(template.has("pid")).isFalse();
    }

    @Test
    void statusAndConfigOfAGuest() {
        JsonNode current = api.get("/nodes/pve1/qemu/101/status/current").data();
        assertThat(current.path("status").asText()).isEqualTo("running");
        assertThat(current.path("qmpstatus").asText()).isEqualTo("running");
        assertThat(current.path("name").asText()).isEqualTo("web-2");
        assertThat(current.path("maxmem").asLong()).isEqualTo(4L << 30);

        JsonNode ct = api.get("/nodes/pve1/lxc/200/config").data();
        assertThat(ct.path("hostname").asText()).isEqualTo("dns-1");
        assertThat(ct.path("rootfs").asText()).startsWith("local-lvm:vm-200-disk-0");

        JsonNode template = api.get("/nodes/pve1/qemu/9000/config").data();
        assertThat(template.path("name").asText()).isEqualTo("tpl-debian-12");
        assertThat(template.path("template").asInt()).isEqualTo(1);
        assertThat(template.path("scsi0").asText()).startsWith("local-lvm:base-9000-disk-0");
    }

    @Test
    void unknownNodesAndGuestsAnswerWithPveMessages() {
        PveClient.Reply noNode = api.get("/nodes/pve9/status");
        assertThat(noNode.status()).isEqualTo(500);
        assertThat(noNode.reason()).startsWith("hostname lookup 'pve9' failed");

        PveClient.Reply onOtherNode = api.get("/nodes/pve2/qemu/100/status/current");
        assertThat(onOtherNode.status()).isEqualTo(500);
        assertThat(onOtherNode.reason()).isEqualTo("Configuration file 'nodes/pve2/qemu-server/100.conf' does not exist");

        PveClient.Reply wrongType = api.get("/nodes/pve1/lxc/100/config");
        assertThat(wrongType.reason()).isEqualTo("Configuration file 'nodes/pve1/lxc/100.conf' does not exist");
    }

    private static List<JsonNode> list(JsonNode array) {
        assertThat(array.isArray()).as("%s", array).isTrue();
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }
}
