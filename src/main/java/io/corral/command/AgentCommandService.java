package io.corral.command;

import io.corral.fleet.AgentDirectory;
import io.corral.platform.db.DirectDatabase;
import io.corral.platform.db.Jdbc;
import io.corral.platform.error.ConflictProblem;
import io.corral.platform.error.NotFoundProblem;
import io.corral.platform.error.ValidationProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The agent side of the bus: claim (lease), start (ack) and progress; results are {@link AgentResults}. An agent only
 * ever sees its own commands; anything else is 404 to it. Claim, start and result are the hot
 * path: each is one direct transaction (no JTA) whose statements write their own events, and a
 * batch of starts or results is one transaction whose items are still each their own
 * conditional transition.
 */
@ApplicationScoped
public class AgentCommandService {
    /** How long an answer may take to reach the agent before a lease it does not hold counts as lost. */
    static final double DELIVERY_GRACE_SECONDS = 2.0;
    /** Starts or results in one batch request, at most. */
    public static final int MAX_BATCH = 500;

    @Inject
    DirectDatabase database;

    @Inject
    TransitionLog transitionLog;

    @Inject
    Jdbc jdbc;

    @Inject
    CommandSweeps sweeps;

    @Inject
    CommandSignals signals;

    @Inject
    CommandSettings settings;

    @Inject
    AgentDirectory agents;

    /**
     * What a poll says it holds: the ids the agent has received and not finished, as of
     * {@code ageMillis} ago (when the poll arrived).
     */
    public record Held(UUID[] ids, long ageMillis) {
        public static Held of(Collection<UUID> ids, long arrivedAtMillis) {
            return ids == null ? null
                    : new Held(ids.toArray(new UUID[0]), Math.max(0, System.currentTimeMillis() - arrivedAtMillis));
        }
    }

    /**
     * Leases up to {@code max} commands and collects cancellations the agent has yet to learn of.
     * With {@code held} (null for agents that do not say), first requeues what was delivered to
     * this agent over a connection that was gone: leased well before the poll, not started, and
     * not held. {@link Delivery#recheckInMillis()} says when a lease that is still in doubt
     * (too young to judge) can be judged.
     */
    public Delivery claim(UUID agentId, int max, Held held) {
        return claim(agentId, max, held, true);
    }

    /**
     * Like {@link #claim(UUID, int, Held)}; {@code lookForCancels} false skips the cancellations
     * (the hub knows no cancel request arrived since its last look; heartbeats pass them on too).
     */
    public Delivery claim(UUID agentId, int max, Held held, boolean lookForCancels) {
        Optional<Set<String>> capabilities = agents.capabilities(agentId);
        Claimed claimed = database.inTransaction(tx -> {
            CommandStore store = new CommandStore(tx);
            List<Transition> transitions = new ArrayList<>();
            if (held != null) {
                transitions.addAll(store.requeueUnheld(agentId, held.ids(),
                        DELIVERY_GRACE_SECONDS + held.ageMillis() / 1000.0));
            }
            List<CommandRow> leased = capabilities.isEmpty() ? List.of()
                    : store.claim(agentId, capabilities.get().toArray(new String[0]), max, settings.leaseSeconds());
            Long recheck = held == null || !leased.isEmpty() ? null
                    : store.unheldLeaseDueInMillis(agentId, held.ids(), DELIVERY_GRACE_SECONDS).orElse(null);
            List<UUID> cancellations = lookForCancels ? store.cancellationsToDeliver(agentId) : List.of();
            return new Claimed(leased, cancellations, recheck, signals.announce(store, transitions, Set.of()));
        });
        signals.fire(claimed.signal());
        transitionLog.leased(agentId, claimed.leased());
        List<CommandRow> ordered = new ArrayList<>(claimed.leased());
        ordered.sort((a, b) -> a.priority() != b.priority() ? b.priority() - a.priority()
                : a.createdAt().compareTo(b.createdAt()));
        return new Delivery(ordered, claimed.cancellations(), claimed.recheck());
    }

    private record Claimed(List<CommandRow> leased, List<UUID> cancellations, Long recheck, CommandSignal signal) {
    }

    /** Acknowledges a leased command; a repeated ack of a running one is answered like the first. */
    public void start(UUID agentId, UUID id) {
        StartAnswer answer = startAll(agentId, List.of(id));
        if (!answer.refused().isEmpty()) {
            StartAnswer.Refusal refusal = answer.refused().get(0);
            if (refusal.code().equals(NOT_FOUND)) {
                throw new NotFoundProblem("Command", id);
            }
            throw new ConflictProblem(refusal.code(), refusal.message());
        }
    }

    static final String NOT_FOUND = "NOT_FOUND";

    /**
     * Starts this agent's leased commands among {@code ids} in one transaction. A command
     * running already counts as started (a repeated start is answered like the first); one that
     * is not this agent's is refused {@code NOT_FOUND}, one in any other state
     * {@code INVALID_STATE}.
     */
    public StartAnswer startAll(UUID agentId, List<UUID> ids) {
        UUID[] asked = ids.toArray(new UUID[0]);
        List<UUID> changed = new ArrayList<>();
        StartAnswer answer = database.inTransaction(tx -> {
            CommandStore store = new CommandStore(tx);
            changed.clear();
            changed.addAll(store.startAll(agentId, asked));
            Set<UUID> started = new HashSet<>(changed);
            List<StartAnswer.Refusal> refused = new ArrayList<>();
            if (started.size() < new HashSet<>(ids).size()) {
                Map<UUID, CommandRow> rows = rows(store, ids, started);
                for (UUID id : ids) {
                    CommandRow row = rows.get(id);
                    if (started.contains(id)) {
                        continue;
                    }
                    if (row == null || !row.agentId().equals(agentId)) {
                        refused.add(new StartAnswer.Refusal(id, 404, NOT_FOUND, "No command " + id));
                    } else if (row.status() == CommandStatus.RUNNING) {
                        started.add(id);
                    } else {
                        refused.add(new StartAnswer.Refusal(id, 409, "INVALID_STATE", "Command " + id + " is "
                                + row.status().value() + (row.cancelRequested() ? " (cancelled)" : "")));
                    }
                }
            }
            List<UUID> ordered = ids.stream().filter(started::contains).distinct().toList();
            return new StartAnswer(ordered, refused);
        });
        transitionLog.started(agentId, changed);
        return answer;
    }

    /** A start batch as the agent sent it. */
    public StartAnswer startAll(UUID agentId, StartBatchRequest body) {
        if (body == null || body.ids() == null) {
            throw new ValidationProblem("ids", "is required: a list of 1-" + MAX_BATCH + " command ids");
        }
        return startAll(agentId, body.ids());
    }

    static Map<UUID, CommandRow> rows(CommandStore store, List<UUID> ids, Set<UUID> except) {
        UUID[] rest = ids.stream().filter(id -> !except.contains(id)).distinct().toArray(UUID[]::new);
        Map<UUID, CommandRow> rows = new HashMap<>();
        store.byIds(rest).forEach(r -> rows.put(r.id(), r));
        return rows;
    }

    @Transactional
    public void progress(UUID agentId, UUID id, ProgressReport report) {
        if (report == null) {
            throw new ValidationProblem("body", "a JSON object is required");
        }
        if (report.percent() != null && (report.percent() < 0 || report.percent() > 100)) {
            throw new ValidationProblem("percent", "must be 0-100");
        }
        var progress = CanonicalJson.JSON.createObjectBuilder().add("at", OffsetDateTime.now().toString());
        if (report.message() != null) {
            progress.add("message", report.message().length() > 1000 ? report.message().substring(0, 1000)
                    : report.message());
        }
        if (report.percent() != null) {
            progress.add("percent", report.percent());
        }
        CommandStore store = new CommandStore(jdbc);
        if (!store.progress(id, agentId, progress.build().toString(), report.upid())) {
            CommandRow current = own(store, agentId, id);
            throw new ConflictProblem("INVALID_STATE", "Command " + id + " is " + current.status().value());
        }
        if (report.log() != null && !report.log().isEmpty()) {
            List<Transition> lines = new ArrayList<>();
            for (String detail : TaskLogEvents.details(report.log())) {
                lines.add(new Transition(id, agentId, CommandStatus.RUNNING, CommandStatus.RUNNING, "agent", detail));
            }
            signals.publish(lines);
        }
    }

    /**
     * Heartbeat hook: settles what a restarted agent lost, and fails queued commands of types the
     * agent does not advertise (queued while its capabilities were unknown, or dropped by an upgrade).
     */
    @Transactional
    public void agentAlive(UUID agentId, OffsetDateTime startedAt, List<UUID> inFlight, List<String> capabilities) {
        CommandStore store = new CommandStore(jdbc);
        List<Transition> transitions = new ArrayList<>(store.failUnsupported(agentId,
                (capabilities == null ? List.<String>of() : capabilities).toArray(new String[0])));
        if (startedAt != null && inFlight != null) {
            transitions.addAll(sweeps.settleRestart(agentId, startedAt, inFlight.toArray(new UUID[0])));
        }
        signals.publish(transitions);
    }

    @Transactional
    public List<UUID> cancellations(UUID agentId) {
        return new CommandStore(jdbc).cancellationsToDeliver(agentId);
    }

    private static CommandRow own(CommandStore store, UUID agentId, UUID id) {
        return store.find(id).filter(c -> c.agentId().equals(agentId))
                .orElseThrow(() -> new NotFoundProblem("Command", id));
    }
}
