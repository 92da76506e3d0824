package io.corral.maintenance;

import io.corral.command.CommandRow;
import io.corral.command.CommandService;
import io.corral.command.CommandStatus;
import io.corral.command.EnqueueRequest;
import io.corral.fleet.Agent;
import io.corral.fleet.AgentService;
import io.corral.fleet.AgentStatus;
import io.corral.fleet.FleetSettings;
import io.corral.fleet.MetricsService;
import io.corral.platform.error.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Metrics collection: one {@code proxmox.metrics} per online agent (one call to Proxmox for all its
 * guests), then one sample per reported guest into the metrics history. Waits for the results within
 * {@code CORRAL_TASK_METRICS_COLLECTION_WAIT_SECONDS}; an agent whose command failed or did not finish in
 * time is one error line of the run, the others' samples are stored.
 */
@ApplicationScoped
public class MetricsCollectionTask implements MaintenanceTask {
    static final String NAME = "metrics-collection";
    static final String COMMAND_TYPE = "proxmox.metrics";
    private static final Logger LOG = Logger.getLogger(MetricsCollectionTask.class.getName());
    private static final long POLL_MILLIS = 250;

    @Inject
    AgentService agents;

    @Inject
    FleetSettings fleet;

    @Inject
    CommandService commands;

    @Inject
    MetricsService metrics;

    @Inject
    MetricsCollectionSettings settings;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Asks every online agent for its guests' cpu, memory, disk and network figures (proxmox.metrics) "
                + "and stores them as each VM's metrics history";
    }

    @Override
    public String defaultSchedule() {
        return "every 10m";
    }

    /** Every online agent that can run {@code proxmox.metrics} gets one; the others are counted, not asked. */
    @Override
    public TaskPlan plan(Instant now) {
        OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        List<Agent> all = agents.list();
        List<TaskAction> actions = new ArrayList<>();
        List<String> left = new ArrayList<>();
        for (Agent agent : all) {
            boolean online = agent.statusAt(at, fleet.agentTtl()) == AgentStatus.ONLINE;
            boolean capable = agent.capabilities().map(c -> c.contains(COMMAND_TYPE)).orElse(false);
            if (online && capable) {
                actions.add(new TaskAction("agent", agent.getId(), agent.getName(), "collect",
                        "online, last seen " + agent.getLastSeenAt()));
            } else {
                left.add(agent.getName() + (online ? " (does not advertise " + COMMAND_TYPE + ")" : " (offline)"));
            }
        }
        return new TaskPlan(all.size(), actions, Map.of("agents", all.size(), "asked", actions.size(),
                "leftOut", left, "waitSeconds", settings.waitTime().toSeconds()), null);
    }

    /** Runs outside any transaction: each command is queued and each agent's samples stored in its own. */
    @Override
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public TaskResult run(TaskPlan plan, Instant now, String requestedBy) {
        Duration wait = settings.waitTime();
        List<String> errors = new ArrayList<>();
        Map<UUID, TaskAction> byCommand = new LinkedHashMap<>();
        long started = System.nanoTime();
        for (TaskAction action : plan.actions()) {
            try {
                CommandRow command = commands.enqueue(request(action.subjectId(), now, wait), null, requestedBy)
                        .command();
                byCommand.put(command.id(), action);
            } catch (ApiException e) {
                errors.add("agent " + action.subjectName() + ": not asked: " + e.getMessage());
            }
        }
        Map<UUID, CommandRow> finished = awaitFinal(byCommand.keySet(), Instant.now().plus(wait));
        long waited = System.nanoTime();
        int guests = 0;
        int stored = 0;
        Map<String, Object> perAgent = new LinkedHashMap<>();
        for (Map.Entry<UUID, TaskAction> entry : byCommand.entrySet()) {
            UUID id = entry.getKey();
            String agent = entry.getValue().subjectName();
            CommandRow row = finished.get(id);
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("command", id.toString());
            figures.put("status", row == null ? "unfinished" : row.status().value());
            if (row == null) {
                cancel(id, requestedBy);
                errors.add("agent " + agent + ": command " + id + " not finished after " + wait.toSeconds()
                        + " s; cancelled");
            } else if (row.status() != CommandStatus.SUCCEEDED) {
                errors.add("agent " + agent + ": command " + id + " " + row.status().value()
                        + (row.errorCode() == null ? "" : " " + row.errorCode() + ": " + row.errorMessage()));
            } else {
                try {
                    MetricsService.Stored s = metrics.storeResult(row.agentId(), row.result(), Instant.now());
                    guests += s.guests();
                    stored += s.samples();
                    figures.put("guests", s.guests());
                    figures.put("samples", s.samples());
                } catch (IllegalArgumentException e) {
                    errors.add("agent " + agent + ": command " + id + " result unreadable: " + e.getMessage());
                } catch (RuntimeException e) {
                    // one agent's samples not stored (the database refused them) must not lose the others'
                    LOG.log(Level.WARNING, "Metrics of agent " + agent + " not stored: " + e.getMessage(), e);
                    errors.add("agent " + agent + ": samples of command " + id + " not stored: " + e.getMessage());
                }
            }
            perAgent.put(agent, figures);
        }
        long storeMillis = (System.nanoTime() - waited) / 1_000_000;
        long waitMillis = (waited - started) / 1_000_000;
        int asked = byCommand.size();
        int guestsSeen = guests;
        int samples = stored;
        LOG.info(() -> "Metrics collection by " + requestedBy + ": " + asked + " agent(s) asked, " + guestsSeen
                + " guests reported, " + samples + " samples stored, " + errors.size() + " error(s)");
        return new TaskResult(guests, stored, errors, Map.of("agents", plan.actions().size(), "commands", asked,
                "perAgent", perAgent, "waitMillis", waitMillis, "storeMillis", storeMillis));
    }

    /**
     * One per agent and run: the dedupe key makes a second run at the same instant (a retried API call,
     * two instances' ticks) share the command instead of asking the agent twice.
     */
    private static EnqueueRequest request(UUID agentId, Instant now, Duration wait) {
        String dedupeKey = NAME + ":" + now.getEpochSecond();
        return new EnqueueRequest(agentId.toString(), COMMAND_TYPE, JsonObject.EMPTY_JSON_OBJECT, null,
                (int) wait.toSeconds(), null, dedupeKey, null, false, null, null);
    }

    /** Frees the agent of a command this run no longer waits for; it may have ended meanwhile. */
    private void cancel(UUID id, String requestedBy) {
        try {
            commands.cancelIfLive(id, requestedBy);
        } catch (RuntimeException e) {
            LOG.warning(() -> "Metrics command " + id + " could not be cancelled: " + e.getMessage());
        }
    }

    /** The commands that are final by the deadline (polling the bus, one query for all every 250 ms). */
    private Map<UUID, CommandRow> awaitFinal(Set<UUID> ids, Instant deadline) {
        Map<UUID, CommandRow> done = new LinkedHashMap<>();
        while (done.size() < ids.size()) {
            List<UUID> open = ids.stream().filter(id -> !done.containsKey(id)).toList();
            commands.get(open).values().stream().filter(r -> r.status().isFinal()).forEach(r -> done.put(r.id(), r));
            if (done.size() == ids.size() || Instant.now().isAfter(deadline)) {
                break;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return done;
    }
}
