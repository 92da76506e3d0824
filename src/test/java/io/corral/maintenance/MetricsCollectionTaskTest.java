package io.corral.maintenance;

import io.corral.command.CommandRow;
import io.corral.command.CommandService;
import io.corral.command.CommandStatus;
import io.corral.command.EnqueueRequest;
import io.corral.fleet.Agent;
import io.corral.fleet.AgentService;
import io.corral.fleet.FleetSettings;
import io.corral.fleet.MetricsService;
import io.corral.platform.error.ConflictProblem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What a run reports per agent: samples stored, a failed, a late or a refused command as one error line. */
class MetricsCollectionTaskTest {
    private static final Instant NOW = Instant.now();
    private static final String METRICS = "[\"proxmox.metrics\"]";

    private final Map<UUID, CommandRow> commands = new HashMap<>();
    private final Map<UUID, CommandStatus> outcomes = new HashMap<>();
    private final List<UUID> cancelled = new ArrayList<>();
    private final List<EnqueueRequest> enqueued = new ArrayList<>();
    private final List<Agent> agents = new ArrayList<>();
    private final Map<UUID, String> refused = new HashMap<>();
    private MetricsCollectionTask task;

    @BeforeEach
    void wire() {
        task = new MetricsCollectionTask();
        task.agents = new AgentService() {
            @Override
            public List<Agent> list() {
                return agents;
            }
        };
        task.fleet = new FleetSettings() {
            @Override
            public Duration agentTtl() {
                return Duration.ofSeconds(30);
            }
        };
        task.settings = new MetricsCollectionSettings();
        task.settings.waitSeconds = 1;
        task.commands = new FakeCommands();
        task.metrics = new MetricsService() {
            @Override
            public Stored storeResult(UUID agentId, String resultJson, Instant receivedAt) {
                return new Stored(Integer.parseInt(resultJson), Integer.parseInt(resultJson) - 1);
            }
        };
    }

    @Test
    void onlyOnlineAgentsThatCanCollectAreAsked() throws Exception {
        Agent online = agent("a-online", 5, METRICS);
        agent("b-silent", 120, METRICS);
        agent("c-no-metrics", 5, "[\"proxmox.list\"]");
        agent("d-never-heard", null, null);

        TaskPlan plan = task.plan(NOW);

        assertThat(plan.seen()).isEqualTo(4);
        assertThat(plan.actions()).singleElement().satisfies(a -> {
            assertThat(a.subjectId()).isEqualTo(online.getId());
            assertThat(a.action()).isEqualTo("collect");
        });
        assertThat(plan.detail().get("leftOut")).asList().containsExactly("b-silent (offline)",
                "c-no-metrics (does not advertise proxmox.metrics)", "d-never-heard (offline)");
    }

    @Test
    void eachAgentsOutcomeIsItsOwnAndTheRunGoesOn() throws Exception {
        Agent ok = agent("ok", 5, METRICS);
        Agent failing = agent("failing", 5, METRICS);
        Agent late = agent("late", 5, METRICS);
        Agent gone = agent("gone", 5, METRICS);
        outcomes.put(ok.getId(), CommandStatus.SUCCEEDED);
        outcomes.put(failing.getId(), CommandStatus.FAILED);
        outcomes.put(late.getId(), CommandStatus.RUNNING);
        refused.put(gone.getId(), "Agent gone has not been seen within its TTL");
        TaskPlan plan = task.plan(NOW);

        TaskResult result = task.run(plan, NOW, "task:metrics-collection");

        assertThat(result.seen()).isEqualTo(3);
        assertThat(result.acted()).isEqualTo(2);
        assertThat(result.errors()).hasSize(3);
        assertThat(result.errors().get(0)).startsWith("agent gone: not asked: Agent gone has not been seen");
        assertThat(result.errors().get(1)).startsWith("agent failing: command ").contains("failed PVE_ERROR: boom");
        assertThat(result.errors().get(2)).startsWith("agent late: command ").endsWith("not finished after 1 s; cancelled");
        assertThat(cancelled).containsExactly(commandOf(late));
        assertThat(enqueued).allSatisfy(r -> {
            assertThat(r.type()).isEqualTo("proxmox.metrics");
            assertThat(r.dedupeKey()).isEqualTo("metrics-collection:" + NOW.getEpochSecond());
            assertThat(r.expiresIn()).isEqualTo(1);
            assertThat(r.queueIfOffline()).isFalse();
        });
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> perAgent = (Map<String, Map<String, Object>>) result.detail().get("perAgent");
        assertThat(perAgent).containsOnlyKeys("ok", "failing", "late");
        assertThat(perAgent.get("ok")).containsEntry("status", "succeeded").containsEntry("guests", 3)
                .containsEntry("samples", 2);
        assertThat(perAgent.get("late")).containsEntry("status", "unfinished");
    }

    private UUID commandOf(Agent agent) {
        return commands.values().stream().filter(c -> c.agentId().equals(agent.getId())).findFirst().orElseThrow().id();
    }

    /** An agent last seen {@code secondsAgo} (null: never) advertising {@code capabilities} (null: unknown). */
    private Agent agent(String name, Integer secondsAgo, String capabilities) throws Exception {
        Agent agent = new Agent(name, null, null, "hash");
        set(agent, "lastSeenAt", secondsAgo == null ? null : OffsetDateTime.now().minusSeconds(secondsAgo));
        set(agent, "capabilities", capabilities);
        agents.add(agent);
        return agent;
    }

    private static void set(Agent agent, String field, Object value) throws Exception {
        Field f = Agent.class.getDeclaredField(field);
        f.setAccessible(true);
        f.set(agent, value);
    }

    private final class FakeCommands extends CommandService {
        @Override
        public Enqueued enqueue(EnqueueRequest r, String idempotencyKey, String caller) {
            UUID agentId = UUID.fromString(r.agent());
            if (refused.containsKey(agentId)) {
                throw new ConflictProblem("AGENT_OFFLINE", refused.get(agentId));
            }
            enqueued.add(r);
            CommandStatus status = outcomes.get(agentId);
            boolean failed = status == CommandStatus.FAILED;
            CommandRow row = new CommandRow(UUID.randomUUID(), agentId, r.type(), "{}", 5, status, r.dedupeKey(), null,
                    1, 3, null, null, 600, false, status == CommandStatus.SUCCEEDED ? "3" : null,
                    failed ? "PVE_ERROR" : null, failed ? "boom" : null, null, null, caller, null, null, null, null,
                    null, List.of());
            commands.put(row.id(), row);
            return new Enqueued(row, true);
        }

        @Override
        public Map<UUID, CommandRow> get(Collection<UUID> ids) {
            Map<UUID, CommandRow> out = new HashMap<>();
            ids.forEach(id -> out.put(id, commands.get(id)));
            return out;
        }

        @Override
        public Optional<Cancelled> cancelIfLive(UUID id, String caller) {
            cancelled.add(id);
            return Optional.empty();
        }
    }
}
