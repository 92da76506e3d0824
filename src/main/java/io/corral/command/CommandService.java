package io.corral.command;

import io.corral.fleet.Agent;
import io.corral.fleet.AgentService;
import io.corral.fleet.AgentStatus;
import io.corral.fleet.FleetSettings;
import io.corral.fleet.VmidReservations;
import io.corral.platform.error.ConflictProblem;
import io.corral.platform.error.NotFoundProblem;
import io.corral.platform.error.ValidationProblem;
import io.corral.platform.rest.Ids;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Logger;

/** The rules of the user side of the command bus: enqueue with dedupe, read, cancel. */
@ApplicationScoped
@Transactional
public class CommandService {
    private static final Logger LOG = Logger.getLogger(CommandService.class.getName());
    private static final int DEDUPE_RETRIES = 5;
    private static final String CLONE = "proxmox.clone";
    /** Stands in for the VMID Corral reserves while the rest of a clone's payload is checked. */
    private static final int RESERVED_PLACEHOLDER = 100;

    @Inject
    CommandStore store;

    @Inject
    CommandQueries queries;

    @Inject
    CommandSignals signals;

    @Inject
    CommandSettings settings;

    @Inject
    AgentService agents;

    @Inject
    FleetSettings fleet;

    @Inject
    VmidReservations vmids;

    public record Enqueued(CommandRow command, boolean created) {
    }

    /**
     * Queues a command, or returns the live command holding the same dedupe key (then
     * {@code created} is false). Read-only types are deduplicated by (agent, type, payload).
     */
    public Enqueued enqueue(EnqueueRequest r, String idempotencyKey, String caller) {
        if (r == null) {
            throw new ValidationProblem("body", "a JSON object with agent and type is required");
        }
        CommandType type = EnqueueRules.type(r.type());
        JsonObject asked = r.payload() == null ? JsonObject.EMPTY_JSON_OBJECT : r.payload();
        boolean reserveNewid = type.name().equals(CLONE) && !asked.containsKey("newid");
        EnqueueRules.payload(type, reserveNewid ? with(asked, "newid", RESERVED_PLACEHOLDER) : asked);
        OffsetDateTime now = OffsetDateTime.now();
        String askedCanonical = CanonicalJson.of(asked);
        String dedupeKey = EnqueueRules.dedupeKey(r.dedupeKey(), idempotencyKey, type, askedCanonical);
        String lockKey = EnqueueRules.key("lockKey", r.lockKey());
        int priority = EnqueueRules.priority(r.priority());
        int maxAttempts = EnqueueRules.bounded("maxAttempts", r.maxAttempts(), 1, 10, settings.maxAttempts());
        OffsetDateTime expiresAt = EnqueueRules.expiresAt(r.expiresIn(), r.expiresAt(), settings.defaultExpirySeconds(),
                now);
        int staleAfter = EnqueueRules.bounded("staleAfterSeconds", r.staleAfterSeconds(), 1, 86_400,
                settings.staleSeconds(type.name()));
        Agent agent = agentFor(r, type);
        if (reserveNewid && dedupeKey != null) {
            // A retry of a clone whose VMID Corral chose must find the first one, not reserve another.
            Optional<CommandRow> existing = store.findLiveByDedupeKey(agent.getId(), dedupeKey);
            if (existing.isPresent()) {
                return same(existing.get(), type, askedCanonical, true, dedupeKey);
            }
        }
        JsonObject payload = reserveNewid
                ? with(asked, "newid", vmids.reserve(agent.getId(), 1, "command by " + caller).get(0)) : asked;
        String canonical = CanonicalJson.of(payload);
        NewCommand command = new NewCommand(agent.getId(), type.name(), canonical, priority, dedupeKey, lockKey,
                maxAttempts, expiresAt, staleAfter, caller, LockKeys.of(lockKey, agent.getId(), type.name(), payload));
        for (int i = 0; i < DEDUPE_RETRIES; i++) {
            Optional<CommandRow> inserted = store.insert(command);
            if (inserted.isPresent()) {
                CommandRow row = inserted.get();
                signals.publish(List.of(new Transition(row.id(), row.agentId(), null, CommandStatus.QUEUED, caller,
                        null)));
                return new Enqueued(row, true);
            }
            Optional<CommandRow> existing = store.findLiveByDedupeKey(command.agentId(), command.dedupeKey());
            if (existing.isPresent()) {
                return same(existing.get(), type, reserveNewid ? askedCanonical : canonical, reserveNewid, dedupeKey);
            }
            // The holder turned final between our insert and our read: the key is free again.
        }
        throw new IllegalStateException("Dedupe key kept changing hands: " + command.dedupeKey());
    }

    /**
     * The agent the command is for. An agent is offline for enqueue until its first heartbeat
     * (nothing is known of what it can do); once its capabilities are known the type must be
     * among them. {@code queueIfOffline} queues for an offline agent anyway: if it turns out
     * not to advertise the type, the command fails {@code UNSUPPORTED_BY_AGENT} undelivered.
     */
    private Enqueued same(CommandRow existing, CommandType type, String canonical, boolean ignoreNewid,
                          String dedupeKey) {
        if (!store.sameRequest(existing.id(), type.name(), canonical, ignoreNewid)) {
            throw new ConflictProblem("DEDUPE_CONFLICT", "Dedupe key " + dedupeKey + " is held by live command "
                    + existing.id() + " of another type or payload");
        }
        return new Enqueued(existing, false);
    }

    private static JsonObject with(JsonObject payload, String field, int value) {
        return CanonicalJson.JSON.createObjectBuilder(payload).add(field, value).build();
    }

    private Agent agentFor(EnqueueRequest r, CommandType type) {
        if (r.agent() == null || r.agent().isBlank()) {
            throw new ValidationProblem("agent", "is required (agent id or name)");
        }
        Agent agent = Ids.isUuid(r.agent()) ? agents.find(Ids.parse("agent", r.agent())) : agents.findByName(r.agent());
        Optional<List<String>> capabilities = agent.capabilities();
        if (capabilities.isPresent() && !capabilities.get().contains(type.name())) {
            throw new ConflictProblem("UNSUPPORTED_BY_AGENT",
                    "Agent " + agent.getName() + " does not advertise " + type.name());
        }
        boolean online = capabilities.isPresent()
                && agent.statusAt(OffsetDateTime.now(), fleet.agentTtl()) == AgentStatus.ONLINE;
        if (!online && !Boolean.TRUE.equals(r.queueIfOffline())) {
            throw new ConflictProblem("AGENT_OFFLINE", "Agent " + agent.getName() + (capabilities.isEmpty()
                    ? " has never sent a heartbeat" : " has not been seen within its TTL")
                    + "; pass queueIfOffline=true to queue anyway");
        }
        return agent;
    }

    public CommandRow get(UUID id) {
        return store.find(id).orElseThrow(() -> new NotFoundProblem("Command", id));
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
            Optional<CommandStatus> from = store.cancelNotStarted(id);
            if (from.isPresent()) {
                signals.publish(List.of(new Transition(id, current.agentId(), from.get(), CommandStatus.CANCELLED,
                        caller, "cancelled before start", from.get() == CommandStatus.LEASED
                        && !current.lockKeys().isEmpty())));
                LOG.info(() -> "Command " + id + " cancelled by " + caller);
                return Optional.of(new Cancelled(get(id), true));
            }
            if (current.status() == CommandStatus.RUNNING) {
                if (store.requestCancel(id)) {
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
