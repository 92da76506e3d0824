package io.corral.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.corral.launcher.Stack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The walking skeleton end to end: the agent reads the simulated Proxmox cluster, heartbeats
 * to the control plane over HTTP, and the API shows the agent and its guests; stopping the
 * agent turns it offline once its TTL has passed.
 */
@ExtendWith(SharedStack.class)
@Order(1)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetIT {
    private static Stack stack;
    private static Api api;

    @BeforeAll
    static void connect() {
        stack = SharedStack.get();
        api = new Api(stack.controlPlaneUrl() + "/api/v1", stack.apiToken());
    }

    @Test
    @Order(1)
    void agentHeartbeatsAndIsOnline() {
        JsonNode agent = Await.until("agent online", Duration.ofSeconds(30), FleetIT::agent,
                a -> "online".equals(a.path("status").asText()) && a.path("pve").path("reachable").asBoolean());
        assertThat(agent.path("name").asText()).isEqualTo(stack.agentName());
        assertThat(agent.path("version").asText()).startsWith("0.1.0");
        assertThat(agent.path("pve").path("version").asText()).isEqualTo("8.2.4");
        assertThat(agent.path("capabilities").toString()).contains("inventory");
        assertThat(agent.path("ttlSeconds").asInt()).isEqualTo(SharedStack.AGENT_TTL_SECONDS);
        assertThat(agent.has("token")).as("an agent listing never carries its token").isFalse();
    }

    @Test
    @Order(2)
    void theTenSimulatedGuestsAreListed() {
        JsonNode vms = Await.until("10 VMs", Duration.ofSeconds(30),
                () -> api.get("/vms?agent=" + stack.agentId()).json(), v -> v.path("total").asInt() == 10);
        Set<Integer> listed = new TreeSet<>();
        vms.path("items").forEach(v -> listed.add(v.path("vmid").asInt()));
        Set<Integer> simulated = new TreeSet<>();
        stack.simulator().state().guests().forEach(g -> simulated.add(g.vmid()));
        assertThat(listed).hasSize(10).isEqualTo(simulated);

        JsonNode templates = api.get("/vms?agent=" + stack.agentName() + "&template=true").json();
        assertThat(templates.path("total").asInt()).isEqualTo(3);
        JsonNode web1 = api.get("/vms?node=pve1&status=running&type=qemu").json();
        assertThat(names(web1)).contains("web-1", "web-2").doesNotContain("ci-worker-1", "dns-1");
    }

    @Test
    @Order(3)
    void aGuestStartedInProxmoxShowsAsRunning() throws Exception {
        assertThat(vm(102).path("status").asText()).isEqualTo("stopped");
        PveCalls.post(stack, "/nodes/pve1/qemu/102/status/start");
        JsonNode vm = Await.until("VM 102 running in Corral", Duration.ofSeconds(30), () -> vm(102),
                v -> "running".equals(v.path("status").asText()));
        assertThat(vm.path("name").asText()).isEqualTo("ci-worker-1");
    }

    @Test
    @Order(4)
    void aStoppedAgentTurnsOfflineAfterItsTtl() throws Exception {
        stack.stopAgent();
        JsonNode online = agent();
        OffsetDateTime lastSeen = OffsetDateTime.parse(online.path("lastSeenAt").asText());
        OffsetDateTime ttlEnds = lastSeen.plusSeconds(SharedStack.AGENT_TTL_SECONDS);

        List<String> observed = new ArrayList<>();
        JsonNode offline = Await.until("agent offline", Duration.ofSeconds(SharedStack.AGENT_TTL_SECONDS + 10),
                () -> {
                    JsonNode a = agent();
                    observed.add(a.path("status").asText() + "@" + OffsetDateTime.now());
                    if (OffsetDateTime.now().isBefore(ttlEnds.minusNanos(200_000_000))) {
                        assertThat(a.path("status").asText()).as("still within the TTL").isEqualTo("online");
                    }
                    return a;
                }, a -> "offline".equals(a.path("status").asText()));
        assertThat(offline.path("lastSeenAt").asText()).as("no heartbeat after the stop")
                .isEqualTo(online.path("lastSeenAt").asText());
        assertThat(OffsetDateTime.now()).isAfterOrEqualTo(ttlEnds);
        assertThat(api.get("/agents?status=offline").json().path("items").toString()).contains(stack.agentId());
        assertThat(api.get("/vms?agent=" + stack.agentId()).json().path("total").asInt())
                .as("the last inventory stays while the agent is away").isEqualTo(10);

        stack.startAgent();
        Await.until("agent back online", Duration.ofSeconds(60), FleetIT::agent,
                a -> "online".equals(a.path("status").asText()));
    }

    private static JsonNode agent() {
        return api.get("/agents/" + stack.agentId()).json();
    }

    private static JsonNode vm(int vmid) {
        for (JsonNode v : api.get("/vms?agent=" + stack.agentId()).json().path("items")) {
            if (v.path("vmid").asInt() == vmid) {
                return v;
            }
        }
        throw new AssertionError("VM " + vmid + " not listed");
    }

    private static List<String> names(JsonNode list) {
        List<String> names = new ArrayList<>();
        list.path("items").forEach(v -> names.add(v.path("name").asText()));
        return names;
    }
}
