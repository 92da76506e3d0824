package io.corral.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.corral.launcher.Stack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Agents the control plane must not trust too far: one whose clock is off, one that opens more
 * long-polls than an agent ever needs.
 */
@ExtendWith(SharedStack.class)
@Order(8)
class AgentGuardsIT {
    /** The default of {@code CORRAL_MAX_HELD_POLLS_PER_AGENT}. */
    private static final int POLLS_PER_AGENT = 16;

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

    /**
     * One agent cannot take the instance's poll slots: past its share its next held poll is
     * refused at once with 429 TOO_MANY_POLLS, while another agent's poll is held as usual.
     */
    @Test
    void oneAgentCannotHoldMoreThanItsShareOfPolls() {
        EmulatedAgent greedy = EmulatedAgent.register(stack, admin, true);
        EmulatedAgent other = EmulatedAgent.register(stack, admin, true);
        List<CompletableFuture<Api.Reply>> polls = new ArrayList<>();
        for (int i = 0; i <= POLLS_PER_AGENT; i++) {
            polls.add(greedy.api.getAsync("/agent/commands/next?wait=40&max=1"));
        }
        Await.until("the poll past the agent's share answered", Duration.ofSeconds(20),
                () -> polls.stream().filter(CompletableFuture::isDone).count(), n -> n > 0);
        List<Api.Reply> answered = polls.stream().filter(CompletableFuture::isDone).map(CompletableFuture::join).toList();
        List<CompletableFuture<Api.Reply>> held = polls.stream().filter(f -> !f.isDone()).toList();
        assertThat(answered).as("answered at once").hasSize(1);
        assertThat(held).as("held").hasSize(POLLS_PER_AGENT);
        Api.Reply refused = answered.get(0);
        assertThat(refused.status()).as(refused.body()).isEqualTo(429);
        assertThat(refused.json().path("code").asText()).isEqualTo("TOO_MANY_POLLS");
        assertThat(refused.json().path("message").asText()).contains(String.valueOf(POLLS_PER_AGENT));
        assertThat(refused.raw().headers().firstValue("Retry-After")).isPresent();

        long before = System.nanoTime();
        Api.Reply otherPoll = other.api.get("/agent/commands/next?wait=1&max=1");
        assertThat(otherPoll.status()).as("another agent is held as usual: " + otherPoll.body()).isEqualTo(204);
        assertThat(Duration.ofNanos(System.nanoTime() - before)).as("held, not refused").isGreaterThan(Duration.ofMillis(500));

        // Work for the greedy agent still reaches one of its held polls.
        String id = enqueue(greedy, 102);
        Api.Reply delivered = CompletableFuture.anyOf(held.toArray(new CompletableFuture[0]))
                .thenApply(Api.Reply.class::cast).join();
        assertThat(delivered.status()).isEqualTo(200);
        assertThat(delivered.body()).contains(id);
    }
}
