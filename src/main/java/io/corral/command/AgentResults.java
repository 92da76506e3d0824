package io.corral.command;

import io.corral.platform.db.DirectDatabase;
import io.corral.platform.error.ApiException;
import io.corral.platform.error.ConflictProblem;
import io.corral.platform.error.NotFoundProblem;
import io.corral.platform.error.ValidationProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Results from agents, one or a batch: each one final transition of the reporting agent's
 * command, written with its events in one direct transaction; a repeat of the recorded outcome
 * is accepted, another one is a conflict.
 */
@ApplicationScoped
public class AgentResults {

    @Inject
    DirectDatabase database;

    @Inject
    CommandSignals signals;

    /**
     * Records the final outcome. Accepted from the holding agent while leased (start implied) or
     * running; the same outcome again is accepted, a different one is a conflict.
     */
    public void result(UUID agentId, UUID id, ResultReport report) {
        ResultItem item = results(agentId, List.of(id), List.of(ReportedOutcome.of(report))).get(0);
        if (item.status() == 404) {
            throw new NotFoundProblem("Command", id);
        }
        if (item.status() != 200) {
            throw new ConflictProblem(item.code(), item.message());
        }
    }

    /** A results batch as the agent sent it: items that break the result rules get 400, the rest are recorded. */
    public List<ResultItem> results(UUID agentId, ResultBatchRequest body) {
        if (body == null || body.results() == null) {
            throw new ValidationProblem("results", "is required: a list of 1-" + AgentCommandService.MAX_BATCH + " results");
        }
        List<UUID> ids = new ArrayList<>();
        List<ReportedOutcome> outcomes = new ArrayList<>();
        Map<Integer, ResultItem> refused = new HashMap<>();
        List<ResultBatchRequest.Item> items = body.results();
        for (int i = 0; i < items.size(); i++) {
            ResultBatchRequest.Item item = items.get(i);
            if (item == null || item.id() == null) {
                throw new ValidationProblem("results[" + i + "].id", "is required");
            }
            try {
                outcomes.add(ReportedOutcome.of(item.report()));
                ids.add(item.id());
            } catch (ApiException e) {
                refused.put(i, new ResultItem(item.id(), e.status(), e.code(), e.getMessage()));
            }
        }
        List<ResultItem> recorded = ids.isEmpty() ? List.of() : results(agentId, ids, outcomes);
        List<ResultItem> out = new ArrayList<>(items.size());
        int next = 0;
        for (int i = 0; i < items.size(); i++) {
            ResultItem r = refused.get(i);
            out.add(r != null ? r : recorded.get(next++));
        }
        return out;
    }

    /**
     * Records many outcomes in one transaction, each its own conditional transition; answers per
     * item what the per-id call would have (200, 404, 409), in the order given. An id given twice
     * takes its first outcome.
     */
    public List<ResultItem> results(UUID agentId, List<UUID> ids, List<ReportedOutcome> outcomes) {
        Map<UUID, ReportedOutcome> byId = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            byId.putIfAbsent(ids.get(i), outcomes.get(i));
        }
        List<CommandStore.Outcome> stored = new ArrayList<>();
        byId.forEach((id, o) -> stored.add(new CommandStore.Outcome(id, o.status(), o.resultJson(), o.errorCode(),
                o.errorMessage(), o.startedOnly())));
        Finished done = database.inTransaction(tx -> {
            CommandStore store = new CommandStore(tx);
            List<CommandStore.Finished> finished = store.finishAll(agentId, stored);
            Set<UUID> finishedIds = new HashSet<>();
            List<Transition> transitions = new ArrayList<>();
            for (CommandStore.Finished f : finished) {
                finishedIds.add(f.id());
                transitions.add(new Transition(f.id(), agentId, CommandStatus.RUNNING, f.to(), "agent", f.errorCode(),
                        f.heldLocks()));
            }
            Map<UUID, CommandRow> rest = finishedIds.size() == byId.size() ? Map.of()
                    : AgentCommandService.rows(store, new ArrayList<>(byId.keySet()), finishedIds);
            return new Finished(finishedIds, rest, signals.announce(store, transitions, Set.of()));
        });
        signals.fire(done.signal());
        List<ResultItem> items = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            UUID id = ids.get(i);
            items.add(done.finished().contains(id) ? ResultItem.accepted(id)
                    : verdict(agentId, id, byId.get(id), done.rest().get(id)));
        }
        return items;
    }

    private record Finished(Set<UUID> finished, Map<UUID, CommandRow> rest, CommandSignal signal) {
    }

    private static ResultItem verdict(UUID agentId, UUID id, ReportedOutcome outcome, CommandRow current) {
        if (current == null || !current.agentId().equals(agentId)) {
            return new ResultItem(id, 404, AgentCommandService.NOT_FOUND, "No command " + id);
        }
        if (current.status() == outcome.status() && Objects.equals(current.errorCode(), outcome.errorCode())
                && sameJson(current.result(), outcome.resultJson())) {
            return ResultItem.accepted(id);
        }
        boolean isFinal = current.status().isFinal();
        return new ResultItem(id, 409, isFinal ? "RESULT_CONFLICT" : "INVALID_STATE",
                "Command " + id + " is " + current.status().value() + (isFinal ? " with another outcome" : ""));
    }

    private static boolean sameJson(String stored, String reported) {
        return CanonicalJson.of(CanonicalJson.parse(stored)).equals(CanonicalJson.of(CanonicalJson.parse(reported)));
    }
}
