package io.corral.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.corral.launcher.Stack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real agent executes commands against the simulated Proxmox and survives faults: killed
 * mid-command, or with the control plane away while it finishes its work.
 */
@ExtendWith(SharedStack.class)
@Order(7)
class AgentCommandsIT {
    private static Stack stack;
    private static Api admin;

    @BeforeAll
    static void connect() throws Exception {
        stack = SharedStack.get();
        admin = new Api(stack.apiUrl(), stack.apiToken());
        Await.until("agent online with its executors", Duration.ofSeconds(60),
                () -> admin.get("/agents/" + stack.agentId()).json(),
                a -> "online".equals(a.path("status").asText()) && a.path("capabilities").toString().contains("proxmox.status"));
    }

    @AfterEach
    void clearFaults() {
        stack.simulator().faults().clear();
    }

    private static String enqueue(String type, String payload) {
        Api.Reply r = admin.post("/commands", "{\"agent\":\"" + stack.agentId() + "\",\"type\":\"" + type
                + "\",\"payload\":" + payload + ",\"queueIfOffline\":true}");
        assertThat(r.status()).as(r.body()).isIn(200, 201);
        return r.json().path("id").asText();
    }

    private static JsonNode finalState(String id, Duration timeout) {
        return Await.until("command " + id + " final", timeout, () -> admin.get("/commands/" + id).json(),
                c -> Set.of("succeeded", "failed", "cancelled", "expired").contains(c.path("status").asText()));
    }

    private static int starts(String id) {
        int starts = 0;
        for (JsonNode e : admin.get("/commands/" + id + "/events").json().path("items")) {
            starts += "running".equals(e.path("to").asText()) && "leased".equals(e.path("from").asText()) ? 1 : 0;
        }
        return starts;
    }

    @Test
    void statusListAndTargetsRoundTripThroughTheAgent() {
        JsonNode status = finalState(enqueue("proxmox.status", "{\"node\":\"pve1\",\"vmid\":100}"),
                Duration.ofSeconds(30));
        assertThat(status.path("status").asText()).as(status.toString()).isEqualTo("succeeded");
        assertThat(status.path("result").path("status").asText()).isEqualTo("running");
        assertThat(status.path("result").path("name").asText()).isEqualTo("web-1");

        JsonNode templates = finalState(enqueue("proxmox.list", "{\"template\":true}"), Duration.ofSeconds(30));
        assertThat(templates.path("result").path("guests").size()).isEqualTo(3);

        JsonNode targets = finalState(enqueue("targets.list", "{}"), Duration.ofSeconds(30));
        assertThat(targets.path("result").path("targets").size()).isEqualTo(7);
        assertThat(targets.path("result").path("targets").get(0).path("sshConfigured").asBoolean()).isFalse();

        JsonNode missing = finalState(enqueue("proxmox.status", "{\"node\":\"pve1\",\"vmid\":4242}"),
                Duration.ofSeconds(30));
        assertThat(missing.path("status").asText()).isEqualTo("failed");
        assertThat(missing.path("error").path("code").asText()).isIn("GUEST_NOT_FOUND", "PVE_ERROR");
        assertThat(missing.path("error").path("message").asText()).contains("4242");
    }

    @Test
    void resultsProducedWhileTheControlPlaneIsDownArriveWhenItReturns() throws Exception {
        stack.simulator().faults().latency(Duration.ofSeconds(6));
        String id = enqueue("proxmox.status", "{\"node\":\"pve2\",\"vmid\":103}");
        Await.until("command running", Duration.ofSeconds(20), () -> admin.get("/commands/" + id).json(),
                c -> "running".equals(c.path("status").asText()));
        stack.stopControlPlane();
        stack.simulator().faults().clear();
        // The agent finishes while nobody can hear it: the result waits in its outbox.
        Await.until("result kept in the agent's outbox", Duration.ofSeconds(30), () -> outboxFiles(),
                n -> n > 0);
        stack.startControlPlane();
        JsonNode done = finalState(id, Duration.ofSeconds(60));
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("succeeded");
        assertThat(done.path("result").path("name").asText()).isEqualTo("browser-1");
        assertThat(starts(id)).isEqualTo(1);
        Await.until("outbox drained", Duration.ofSeconds(30), () -> outboxFiles(), n -> n == 0);
    }

    @Test
    void anAgentKilledMidCommandLosesNothingAndRunsNothingTwice() throws Exception {
        String done = enqueue("proxmox.list", "{\"node\":\"pve1\"}");
        assertThat(finalState(done, Duration.ofSeconds(30)).path("status").asText()).isEqualTo("succeeded");

        stack.simulator().faults().latency(Duration.ofSeconds(30));
        String midway = enqueue("proxmox.status", "{\"node\":\"pve1\",\"vmid\":101}");
        Await.until("command running", Duration.ofSeconds(20), () -> admin.get("/commands/" + midway).json(),
                c -> "running".equals(c.path("status").asText()));
        stack.stopAgent();
        stack.simulator().faults().clear();
        String queuedWhileDown = enqueue("proxmox.status", "{\"node\":\"pve2\",\"vmid\":201}");
        stack.startAgent();

        JsonNode lost = finalState(midway, Duration.ofSeconds(60));
        assertThat(lost.path("status").asText()).as("the cut-off command ends honestly").isEqualTo("failed");
        assertThat(lost.path("error").path("code").asText()).isEqualTo("AGENT_RESTARTED");
        JsonNode later = finalState(queuedWhileDown, Duration.ofSeconds(60));
        assertThat(later.path("status").asText()).as("queued work survives the restart").isEqualTo("succeeded");
        assertThat(later.path("result").path("name").asText()).isEqualTo("cache-1");
        assertThat(starts(done)).as("a finished command is never run again").isEqualTo(1);
        assertThat(starts(queuedWhileDown)).isEqualTo(1);
    }

    private static long outboxFiles() {
        java.nio.file.Path outbox = stack.dataDir().resolve("agent").resolve("outbox");
        if (!java.nio.file.Files.isDirectory(outbox)) {
            return 0;
        }
        try (var files = java.nio.file.Files.list(outbox)) {
            return files.filter(p -> p.toString().endsWith(".json")).count();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
