package io.corral.maintenance;

import io.corral.platform.json.Jsons;
import io.corral.command.CommandRow;
import io.corral.command.CommandService;
import io.corral.command.EnqueueRequest;
import io.corral.fleet.FleetEvent;
import io.corral.fleet.FleetEvents;
import io.corral.fleet.VmCandidate;
import io.corral.platform.error.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * How the tasks act on a guest: a command through the bus (deduplicated per guest and task while
 * one is live, so a slow agent never gets the same work twice) and a fleet event saying what was
 * asked and why.
 */
@ApplicationScoped
public class GuestCommands {
    private static final int EXPIRES_IN_SECONDS = 3600;

    @Inject
    CommandService commands;

    @Inject
    FleetEvents events;

    /** The outcome for one guest: the commands queued, or why none was. */
    public record Outcome(List<CommandRow> queued, String error) {
        boolean ok() {
            return error == null;
        }
    }

    /** What to ask of one guest: commands in order, extra payload of the last, the fleet event's kind and reason. */
    public record Ask(List<String> types, JsonObject extra, String kind, String reason) {
    }

    /**
     * Queues what {@code ask} says for each guest of the plan's work; a guest whose commands could not
     * be queued is an error line of the result, not a failed run.
     */
    public TaskResult queueEach(TaskPlan plan, Function<VmCandidate, Ask> ask, Instant now, String actor, String task) {
        List<String> errors = new ArrayList<>();
        int queued = 0;
        for (Object o : plan.work(List.class)) {
            VmCandidate vm = (VmCandidate) o;
            Ask a = ask.apply(vm);
            Outcome outcome = queue(vm, task, a.types(), a.extra(), a.kind(), a.reason(), now, actor);
            if (outcome.ok()) {
                queued++;
            } else {
                errors.add(outcome.error());
            }
        }
        return new TaskResult(plan.seen(), queued, errors, Map.of("commandsQueued", queued));
    }

    /**
     * Queues {@code types} in order for {@code vm} (a higher priority for the earlier ones, so that
     * with the guest's lock key they run in this order) and records {@code kind} as a fleet event.
     * {@code extra} payload fields go to the last command only.
     */
    public Outcome queue(VmCandidate vm, String task, List<String> types, JsonObject extra, String kind, String reason,
                         Instant now, String actor) {
        List<CommandRow> queued = new ArrayList<>();
        try {
            int priority = 5 + types.size() - 1;
            for (int i = 0; i < types.size(); i++) {
                String type = types.get(i);
                JsonObject base = i == types.size() - 1 ? extra : JsonObject.EMPTY_JSON_OBJECT;
                JsonObject payload = Jsons.JSON.createObjectBuilder(base).add("node", vm.node()).add("vmid", vm.vmid()).build();
                queued.add(commands.enqueue(new EnqueueRequest(vm.agentId().toString(), type, payload, priority--,
                        EXPIRES_IN_SECONDS, null, task + ":" + type + ":" + vm.node() + "/" + vm.vmid(), null, false,
                        null, null), null, actor).command());
            }
        } catch (ApiException e) {
            return new Outcome(queued, vm.label() + ": " + e.getMessage());
        }
        events.record(FleetEvent.vm(OffsetDateTime.ofInstant(now, ZoneOffset.UTC), vm.id(), vm.label(), vm.agentId(),
                kind, vm.status(), null, reason + "; command " + queued.get(queued.size() - 1).id(), actor));
        return new Outcome(queued, null);
    }
}
