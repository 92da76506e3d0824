package io.corral.agent.heartbeat;

import io.corral.agent.clone.CloneGateStats;
import static org.assertj.core.api.Assertions.assertThat;

import io.corral.agent.pve.FakePve;
import io.corral.agent.pve.PveGuest;
import io.corral.agent.pve.PveNode;
import io.corral.agent.pve.PveVersion;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** From Proxmox's JSON to the heartbeat's JSON, without any HTTP. */
class HeartbeatTest {

    private static final Instant STARTED = Instant.parse("2026-11-23T10:00:00Z");

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    private static JsonValue data(String resource) {
        return json(FakePve.resource(resource)).get("data");
    }

    private static Inventory inventoryFromFixtures() {
        String version = PveVersion.fromJson(data("version.json").asJsonObject()).version();
        List<PveNode> nodes = data("nodes.json").asJsonArray().getValuesAs(JsonObject.class).stream()
                .map(PveNode::fromJson).toList();
        List<PveGuest> guests = data("cluster-resources-vm.json").asJsonArray()
                .getValuesAs(JsonObject.class).stream().map(PveGuest::fromJson).toList();
        return Inventory.reachable(version, nodes, guests);
    }

    private static JsonObject heartbeat(Inventory inventory) {
        return new Heartbeat("0.1.0", List.of("inventory"), STARTED, 10, inventory).toJson();
    }

    @Test
    void describesTheAgentAndAReachableProxmox() {
        JsonObject heartbeat = heartbeat(inventoryFromFixtures());

        assertThat(heartbeat.getString("version")).isEqualTo("0.1.0");
        assertThat(heartbeat.get("capabilities")).isEqualTo(Json.createArrayBuilder().add("inventory").build());
        assertThat(heartbeat.getString("startedAt")).isEqualTo("2026-11-23T10:00:00Z");
        assertThat(heartbeat.getInt("heartbeatSeconds")).isEqualTo(10);
        assertThat(heartbeat.getJsonObject("pve"))
                .isEqualTo(json("{\"reachable\":true,\"version\":\"8.2.4\",\"error\":null}"));
    }

    @Test
    void mapsNodesFieldForField() {
        JsonObject heartbeat = heartbeat(inventoryFromFixtures());

        assertThat(heartbeat.getJsonArray("nodes")).hasSize(3);
        assertThat(heartbeat.getJsonArray("nodes").getJsonObject(1)).isEqualTo(json(
                "{\"name\":\"pve1\",\"status\":\"online\",\"cpu\":0.05,\"maxcpu\":16,\"mem\":1234,"
                        + "\"maxmem\":5678,\"uptime\":1234}"));
        // Proxmox leaves out the figures of an offline node.
        assertThat(heartbeat.getJsonArray("nodes").getJsonObject(2)).isEqualTo(json(
                "{\"name\":\"pve3\",\"status\":\"offline\",\"cpu\":0.0,\"maxcpu\":0,\"mem\":0,"
                        + "\"maxmem\":0,\"uptime\":0}"));
    }

    @Test
    void mapsGuestsFieldForFieldWithBooleanTemplateAndNullLock() {
        JsonObject heartbeat = heartbeat(inventoryFromFixtures());

        assertThat(heartbeat.getJsonArray("guests")).hasSize(3);
        assertThat(heartbeat.getJsonArray("guests").getJsonObject(1)).isEqualTo(json(
                "{\"node\":\"pve1\",\"vmid\":100,\"type\":\"qemu\",\"name\":\"web-1\",\"status\":\"running\","
                        + "\"template\":false,\"cpu\":0.01,\"mem\":1,\"maxmem\":2,\"maxdisk\":3,"
                        + "\"uptime\":4,\"lock\":null}"));
        assertThat(heartbeat.getJsonArray("guests").getJsonObject(0).getBoolean("template")).isTrue();
        JsonObject container = heartbeat.getJsonArray("guests").getJsonObject(2);
        assertThat(container.getInt("vmid")).isEqualTo(101);
        assertThat(container.getString("type")).isEqualTo("lxc");
        assertThat(container.getString("lock")).isEqualTo("clone");
    }

    @Test
    void anUnreachableProxmoxSendsTheReasonAndNoInventory() {
        JsonObject heartbeat = heartbeat(Inventory.unreachable("connection refused"));

        assertThat(heartbeat.getJsonObject("pve"))
                .isEqualTo(json("{\"reachable\":false,\"version\":null,\"error\":\"connection refused\"}"));
        assertThat(heartbeat).doesNotContainKeys("nodes", "guests");
        assertThat(heartbeat.getString("version")).isEqualTo("0.1.0");
    }

    @Test
    void carriesTheCommandsInFlightAndTheAgentsHealth() {
        JsonObject heartbeat = new Heartbeat("0.1.0", List.of("inventory", "proxmox.list", "proxmox.status"),
                STARTED, 10, Inventory.unreachable("connection refused"), List.of("c-1", "c-2"),
                new AgentHealth(1000, 4000, 2, 4, 1)).toJson();

        assertThat(heartbeat.get("inFlight")).isEqualTo(Json.createArrayBuilder().add("c-1").add("c-2").build());
        assertThat(heartbeat.getJsonArray("capabilities")).hasSize(3);
        assertThat(heartbeat.getJsonObject("health")).isEqualTo(json("{\"heapUsedBytes\":1000,"
                + "\"heapMaxBytes\":4000,\"inFlight\":2,\"workers\":4,\"outboxPending\":1,\"cloneWaiting\":0,"
                + "\"cloneRunning\":0,\"cloneGranted\":0,\"cloneWaitedSeconds\":0.0}"));
    }

    @Test
    void healthCarriesTheCloneGateFigures() {
        CloneGateStats gate = new CloneGateStats(2, 1, 1, 2, 100, Map.of(), Map.of(), Map.of(), Map.of(), 7, 0, 0,
                0, 2_500);

        AgentHealth health = AgentHealth.measure(1, 4, 0, gate);

        assertThat(health.cloneWaiting()).isEqualTo(2);
        assertThat(health.cloneRunning()).isEqualTo(1);
        assertThat(health.cloneGranted()).isEqualTo(7);
        assertThat(health.cloneWaitedSeconds()).isEqualTo(2.5);
        assertThat(health.toJson().build().getJsonNumber("cloneWaitedSeconds").doubleValue()).isEqualTo(2.5);
    }

    @Test
    void healthMeasuresTheHeap() {
        AgentHealth health = AgentHealth.measure(1, 4, 0, null);

        assertThat(health.heapUsedBytes()).isPositive();
        assertThat(health.heapMaxBytes()).isGreaterThanOrEqualTo(health.heapUsedBytes());
    }

    @Test
    void anEmptyClusterSendsEmptyListsNotNoInventory() {
        JsonObject heartbeat = heartbeat(Inventory.reachable("8.2.4", List.of(), List.of()));

        assertThat(heartbeat.getJsonArray("nodes")).isEmpty();
        assertThat(heartbeat.getJsonArray("guests")).isEmpty();
    }
}
