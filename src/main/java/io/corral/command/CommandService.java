package io.corral.command;

import io.corral.fleet.AgentDirectory;
import io.corral.fleet.FleetSettings;
import io.corral.fleet.VmidReservations;
import io.corral.platform.error.ConflictProblem;
import io.corral.platform.error.NotFoundProblem;
import io.corral.platform.error.ValidationProblem;
import io.corral.platform.db.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.inject.Inject;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * The rules of the user side of the command bus in the caller's JTA transaction: enqueue with
 * dedupe (for other domains, whose writes commit with it), read, cancel. The user API's
 * enqueue goes through {@link CommandIntakeService} on direct transactions.
 */
@ApplicationScoped
@Transactional
public class CommandService {
    private static final Logger LOG = Logger.getLogger(CommandService.class.getName());

    @Inject
    Jdbc jdbc;

    @Inject
    CommandQueries queries;

    @Inject
    CommandSignals signals;

    @Inject
    CommandSettings settings;

    @Inject
    AgentDirectory agents;

    @Inject
    FleetSettings fleet;

    @Inject
    VmidReservations vmids;

    public record Enqueued(CommandRow command, boolean created) {
    }

    /**
     * Queues a command in the caller's transaction, or returns the live command holding the
     * same dedupe key (then {@code created} is false). Read-only types are deduplicated by
     * (agent, type, payload). A clone without {@code newid} gets a VMID Corral reserves.
     */
    public Enqueued enqueue(EnqueueRequest r, String idempotencyKey, String caller) {
        EnqueuePlan plan = plan(r, idempotencyKey, caller);
        CommandStore store = store();
        if (plan.reserveNewid() && plan.dedupeKey() != null) {
            // A retry of a clone whose VMID Corral chose must find the first one, not reserve another.
            Optional<CommandRow> existing = store.findLiveByDedupeKey(plan.agentId(), plan.dedupeKey());
            if (existing.isPresent()) {
                return plan.same(store, existing.get());
            }
        }
        NewCommand command = plan.reserveNewid()
                ? plan.command(vmids.reserve(plan.agentId(), 1, "command by " + caller).get(0)) : plan.command();
        Enqueued e = plan.insert(store, command);
        if (e.created()) {
            signals.publishRecorded(List.of(queued(e.command())));
        }
        return e;
    }

    /** The checked request: its rules applied and its agent found (online, able to run it). */
    EnqueuePlan plan(EnqueueRequest r, String idempotencyKey, String caller) {
        EnqueuePlan.Draft draft = EnqueuePlan.draft(r, idempotencyKey, settings);
        return draft.forAgent(agentFor(r, draft.type()), caller);
    }

    static Transition queued(CommandRow row) {
        return new Transition(row.id(), row.agentId(), null, CommandStatus.QUEUED, row.createdBy(), null);
    }

    private CommandStore store() {
        return new CommandStore(jdbc);
    }

    /**
     * The agent the command is for. An agent is offline for enqueue until its first heartbeat
     * (nothing is known of what it can do); once its capabilities are known the type must be
     * among them. {@code queueIfOffline} queues for an offline agent anyway: if it turns out
     * not to advertise the type, the command fails {@code UNSUPPORTED_BY_AGENT} undelivered.
     */
    private UUID agentFor(EnqueueRequest r, CommandType type) {
        if (r.agent() == null || r.agent().isBlank()) {
            throw new ValidationProblem("agent", "is required (agent id or name)");
        }
        AgentDirectory.Entry agent = agents.find(r.agent());
        Optional<Set<String>> capabilities = agent.capabilities();
        if (capabilities.isPresent() && !capabilities.get().contains(type.name())) {
            throw new ConflictProblem("UNSUPPORTED_BY_AGENT",
                    "Agent " + agent.name() + " does not advertise " + type.name());
        }
        boolean online = capabilities.isPresent() && agents.online(agent);
        if (!online && !Boolean.TRUE.equals(r.queueIfOffline())) {
            throw new ConflictProblem("AGENT_OFFLINE", "Agent " + agent.name() + (capabilities.isEmpty()
                    ? " has never sent a heartbeat" : " has not been seen within its TTL")
                    + "; pass queueIfOffline=true to queue anyway");
        }
        return agent.id();
    }

    public CommandRow get(UUID id) {
        return store().find(id).orElseThrow(() -> new NotFoundProblem("Command", id));
    }

    public record Cancelled(CommandRow command, boolean immediate) {
    }

    /**
     * Queued or leased: cancelled at once. Running: the agent is asked to stop and reports the
     * outcome ({@code immediate} false). Final: 409.
     */
    public Cancelled cancel(UUID id, String caller) {
        return cancelIfLive(id, caller).orElseThrow(() -> new ConflictProblem("INVALID_STATE", "Command " + id
                + " is already " + get(id).status().value()));
    }

    /**
     * Like {@link #cancel}, but a command that is final (or turns final meanwhile) is answered
     * empty instead of with an exception: callers inside a batch step must not throw across a
     * transaction boundary for an outcome they expect.
     */
    public Optional<Cancelled> cancelIfLive(UUID id, String caller) {
        for (int i = 0; i < 3; i++) {
            CommandRow current = get(id);
            if (current.status().isFinal()) {
                return Optional.empty();
            }
            Optional<CommandStatus> from = store().cancelNotStarted(id);
            if (from.isPresent()) {
                signals.publish(List.of(new Transition(id, current.agentId(), from.get(), CommandStatus.CANCELLED,
                        caller, "cancelled before start", from.get() == CommandStatus.LEASED
                        && !current.lockKeys().isEmpty())));
                LOG.info(() -> "Command " + id + " cancelled by " + caller);
                return Optional.of(new Cancelled(get(id), true));
            }
            if (current.status() == CommandStatus.RUNNING) {
                if (store().requestCancel(id)) {
                    signals.publish(List.of(new Transition(id, current.agentId(), CommandStatus.RUNNING,
                            CommandStatus.RUNNING, caller, "cancel requested")), Set.of(current.agentId()));
                    LOG.info(() -> "Command " + id + " cancel requested by " + caller);
                }
                CommandRow now = get(id);
                if (!now.status().isFinal()) {
                    return Optional.of(new Cancelled(now, false));
                }
            }
        }
        return Optional.empty();
    }

    /** The commands with these ids that exist, by id (one query however many). */
    public Map<UUID, CommandRow> get(Collection<UUID> ids) {
        Map<UUID, CommandRow> out = new HashMap<>();
        if (!ids.isEmpty()) {
            queries.byIds(ids.toArray(new UUID[0])).forEach(r -> out.put(r.id(), r));
        }
        return out;
    }

    public List<CommandRow> list(CommandFilter filter) {
        return queries.list(filter);
    }

    /** The newest commands about one guest (naming its node and VMID, or making it), newest first. */
    public List<CommandRow> aboutGuest(UUID agentId, String node, int vmid, int limit) {
        return queries.aboutGuest(agentId, node, vmid, limit);
    }

    public List<CommandEventView> events(UUID id) {
        get(id);
        return queries.events(id);
    }
}
