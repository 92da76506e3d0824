package io.corral.command;

import io.corral.fleet.AgentDirectory;
import io.corral.platform.error.ConflictProblem;
import io.corral.platform.error.NotFoundProblem;
import io.corral.platform.error.ValidationProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;
import jakarta.transaction.Transactional;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The agent side of the bus: claim (lease), start (ack), progress and result. An agent only
 * ever sees its own commands; anything else is 404 to it.
 */
@ApplicationScoped
@Transactional
public class AgentCommandService {
    /** How long an answer may take to reach the agent before a lease it does not hold counts as lost. */
    static final double DELIVERY_GRACE_SECONDS = 2.0;

    @Inject
    CommandStore store;

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
        List<Transition> transitions = new ArrayList<>();
        if (held != null) {
            transitions.addAll(store.requeueUnheld(agentId, held.ids(),
                    DELIVERY_GRACE_SECONDS + held.ageMillis() / 1000.0));
        }
        Optional<Set<String>> capabilities = agents.capabilities(agentId);
        List<CommandRow> leased = capabilities.isEmpty() ? List.of()
                : store.claim(agentId, capabilities.get().toArray(new String[0]), max, settings.leaseSeconds());
        for (CommandRow r : leased) {
            transitions.add(new Transition(r.id(), agentId, CommandStatus.QUEUED, CommandStatus.LEASED, "agent",
                    "attempt " + r.attempt()));
        }
        Long recheck = held == null || !leased.isEmpty() ? null
                : store.unheldLeaseDueInMillis(agentId, held.ids(), DELIVERY_GRACE_SECONDS).orElse(null);
        signals.publish(transitions);
        List<CommandRow> ordered = new ArrayList<>(leased);
        ordered.sort((a, b) -> a.priority() != b.priority() ? b.priority() - a.priority()
                : a.createdAt().compareTo(b.createdAt()));
        return new Delivery(ordered, store.cancellationsToDeliver(agentId), recheck);
    }

    /** Acknowledges a leased command; a repeated ack of a running one is answered like the first. */
    public CommandRow start(UUID agentId, UUID id) {
        Optional<CommandRow> started = store.start(id, agentId);
        if (started.isPresent()) {
            signals.publish(List.of(new Transition(id, agentId, CommandStatus.LEASED, CommandStatus.RUNNING, "agent",
                    null)));
            return started.get();
        }
        CommandRow current = own(agentId, id);
        if (current.status() == CommandStatus.RUNNING) {
            return current;
        }
        throw new ConflictProblem("INVALID_STATE", "Command " + id + " is " + current.status().value()
                + (current.cancelRequested() ? " (cancelled)" : ""));
    }

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
        if (!store.progress(id, agentId, progress.build().toString(), report.upid())) {
            CommandRow current = own(agentId, id);
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
     * Records the final outcome. Accepted from the holding agent while leased (start implied) or
     * running; the same outcome again is accepted, a different one is a conflict.
     */
    public CommandRow result(UUID agentId, UUID id, ResultReport report) {
        Outcome outcome = Outcome.of(report);
        Optional<CommandStore.Finished> finished = store.finish(id, agentId, outcome.startedOnly(), outcome.status(),
                outcome.resultJson(), outcome.errorCode(), outcome.errorMessage());
        if (finished.isPresent()) {
            List<Transition> transitions = new ArrayList<>();
            if (finished.get().from() == CommandStatus.LEASED) {
                transitions.add(new Transition(id, agentId, CommandStatus.LEASED, CommandStatus.RUNNING, "agent",
                        "start implied by result"));
            }
            transitions.add(new Transition(id, agentId, CommandStatus.RUNNING, outcome.status(), "agent",
                    outcome.errorCode(), finished.get().heldLocks()));
            signals.publish(transitions);
            return own(agentId, id);
        }
        CommandRow current = own(agentId, id);
        if (current.status() == outcome.status() && Objects.equals(current.errorCode(), outcome.errorCode())
                && sameJson(current.result(), outcome.resultJson())) {
            return current;
        }
        throw new ConflictProblem(current.status().isFinal() ? "RESULT_CONFLICT" : "INVALID_STATE",
                "Command " + id + " is " + current.status().value()
                        + (current.status().isFinal() ? " with another outcome" : ""));
    }

    /**
     * Heartbeat hook: settles what a restarted agent lost, and fails queued commands of types the
     * agent does not advertise (queued while its capabilities were unknown, or dropped by an upgrade).
     */
    public void agentAlive(UUID agentId, OffsetDateTime startedAt, List<UUID> inFlight, List<String> capabilities) {
        List<Transition> transitions = new ArrayList<>(store.failUnsupported(agentId,
                (capabilities == null ? List.<String>of() : capabilities).toArray(new String[0])));
        if (startedAt != null && inFlight != null) {
            transitions.addAll(sweeps.settleRestart(agentId, startedAt, inFlight.toArray(new UUID[0])));
        }
        signals.publish(transitions);
    }

    public List<UUID> cancellations(UUID agentId) {
        return store.cancellationsToDeliver(agentId);
    }

    private CommandRow own(UUID agentId, UUID id) {
        return store.find(id).filter(c -> c.agentId().equals(agentId))
                .orElseThrow(() -> new NotFoundProblem("Command", id));
    }

    private static boolean sameJson(String stored, String reported) {
        return CanonicalJson.of(CanonicalJson.parse(stored)).equals(CanonicalJson.of(CanonicalJson.parse(reported)));
    }

    record Outcome(CommandStatus status, String resultJson, String errorCode, String errorMessage) {
        /** The agent did not learn whether its start arrived; it closes the command only if it did. */
        static final String START_UNCONFIRMED = "START_UNCONFIRMED";

        /**
         * Whether only a running command may take this outcome: a leased one was queued again
         * after the agent's lease lapsed and delivered anew, and runs normally.
         */
        boolean startedOnly() {
            return START_UNCONFIRMED.equals(errorCode);
        }

        static Outcome of(ResultReport r) {
            if (r == null || r.status() == null) {
                throw new ValidationProblem("status", "is required: succeeded, failed or cancelled");
            }
            CommandStatus status = CommandStatus.parse(r.status());
            if (status != CommandStatus.SUCCEEDED && status != CommandStatus.FAILED
                    && status != CommandStatus.CANCELLED) {
                throw new ValidationProblem("status", "must be succeeded, failed or cancelled");
            }
            String code = r.error() == null ? null : r.error().code();
            String message = r.error() == null ? null : r.error().message();
            if (status == CommandStatus.FAILED && code == null) {
                throw new ValidationProblem("error.code", "is required when status is failed");
            }
            String result = r.result() == null || r.result() == JsonValue.NULL ? null : CanonicalJson.of(r.result());
            if (status == CommandStatus.CANCELLED && code == null) {
                code = "CANCELLED";
            }
            return new Outcome(status, result, code, message == null || message.length() <= 4000 ? message
                    : message.substring(0, 4000));
        }
    }
}
