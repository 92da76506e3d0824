package io.corral.agent.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import io.corral.agent.control.ControlPlaneClient;
import io.corral.agent.control.ControlPlaneSettings;
import io.corral.agent.control.FakeControlPlane;
import io.corral.agent.pve.FakePve;
import io.corral.agent.pve.PveClient;
import io.corral.agent.pve.PveSettings;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One heartbeat tick over real HTTP, from a Proxmox stand-in to a control plane stand-in. */
class HeartbeatRoundTripTest {

    private FakePve pve;
    private FakeControlPlane controlPlane;

    @BeforeEach
    void start() {
        pve = FakePve.start();
        controlPlane = FakeControlPlane.start();
    }

    @AfterEach
    void stop() {
        pve.close();
        controlPlane.close();
    }

    private JsonObject tick(String pveUrl) {
        Inventory inventory = new InventoryReader(new PveClient(PveSettings.of(pveUrl, FakePve.TOKEN))).read();
        ControlPlaneClient client = new ControlPlaneClient(
                new ControlPlaneSettings(controlPlane.url(), FakeControlPlane.TOKEN, Duration.ofSeconds(5)));
        Heartbeat heartbeat = new Heartbeat("0.1.0", List.of("inventory"),
                Instant.parse("2026-11-23T10:00:00Z"), 10, inventory);
        HeartbeatOutcome outcome = new HeartbeatSender(client, Clock.systemUTC()).send(heartbeat);
        assertThat(outcome.accepted()).isTrue();
        String body = controlPlane.received().get(controlPlane.received().size() - 1).body();
        return Json.createReader(new StringReader(body)).readObject();
    }

    @Test
    void theControlPlaneReceivesTheClusterInventory() {
        JsonObject received = tick(pve.url());

        assertThat(received.getJsonObject("pve").getBoolean("reachable")).isTrue();
        assertThat(received.getJsonArray("nodes")).hasSize(3);
        assertThat(received.getJsonArray("guests")).hasSize(3);
        assertThat(received.getJsonArray("guests").getJsonObject(0).getString("name")).isEqualTo("web-1");
    }

    @Test
    void theHeartbeatGoesOutWhenProxmoxIsDown() {
        String pveUrl = pve.url();
        pve.close();

        JsonObject received = tick(pveUrl);

        assertThat(received.getJsonObject("pve").getBoolean("reachable")).isFalse();
        assertThat(received.getJsonObject("pve").getString("error")).isEqualTo("connection refused");
        assertThat(received).doesNotContainKeys("nodes", "guests");
    }
}
