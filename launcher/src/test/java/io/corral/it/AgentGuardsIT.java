package io.corral.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.corral.launcher.Stack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.OffsetDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Agents the control plane must not trust too far: one whose clock is off. */
@ExtendWith(SharedStack.class)
@Order(8)
class AgentGuardsIT {
    private static Stack stack;
    private static Api admin;

    @BeforeAll
    static void connect() throws Exception {
        stack = SharedStack.get();
        admin = new Api(stack.apiUrl(), stack.apiToken());
    }

    /** A status query of one guest ({@code vmid}: equal read-only commands are deduplicated). */
    private static String enqueue(EmulatedAgent agent, int vmid) {
        Api.Reply r = admin.post("/commands", "{\"agent\":\"" + agent.id + "\",\"type\":\"proxmox.status\","
                + "\"payload\":{\"node\":\"pve1\",\"vmid\":" + vmid + "},\"queueIfOffline\":true}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().path("id").asText();
    }

    private static JsonNode command(String id) {
        return admin.get("/commands/" + id).json();
    }

    /**
     * An agent whose clock is minutes off restarts: what its previous run held is settled just as
     * with a right clock (running → failed AGENT_RESTARTED, leased → queued), and its heartbeats
     * without a restart settle nothing, though they list nothing in flight (a finished command's
     * result may still sit in the agent's outbox).
     */
    @ParameterizedTest(name = "agent clock off by {0} min")
    @ValueSource(ints = {-10, 0, 10})
    void aRestartIsSettledAlikeWhateverTheAgentsClock(int skewMinutes) {
        EmulatedAgent agent = EmulatedAgent.register(stack, admin, false);
        OffsetDateTime firstRun = OffsetDateTime.now().plusMinutes(skewMinutes);
        agent.heartbeat(firstRun, List.of());
        String running = enqueue(agent, 100);
        String leased = enqueue(agent, 101);
        assertThat(agent.next(0, 2)).hasSize(2);
        assertThat(agent.start(running).status()).isEqualTo(200);

        agent.heartbeat(firstRun, List.of());
        agent.heartbeat(firstRun, List.of(running));
        assertThat(command(running).path("status").asText()).as("no restart: still running").isEqualTo("running");
        assertThat(command(leased).path("status").asText()).as("no restart: still leased").isEqualTo("leased");

        OffsetDateTime secondRun = firstRun.plusSeconds(20);
        agent.heartbeat(secondRun, List.of());
        JsonNode lost = command(running);
        assertThat(lost.path("status").asText()).as(lost.toString()).isEqualTo("failed");
        assertThat(lost.path("error").path("code").asText()).isEqualTo("AGENT_RESTARTED");
        assertThat(command(leased).path("status").asText()).as("back in the queue").isEqualTo("queued");

        // The new run's own work is not settled by its later heartbeats.
        assertThat(agent.next(0, 1)).hasSize(1);
        assertThat(agent.start(leased).status()).isEqualTo(200);
        agent.heartbeat(secondRun, List.of());
        assertThat(command(leased).path("status").asText()).isEqualTo("running");
    }
}
