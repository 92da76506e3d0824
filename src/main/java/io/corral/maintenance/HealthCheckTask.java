package io.corral.maintenance;

import io.corral.fleet.FleetChange;
import io.corral.fleet.LivenessService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Every minute: the liveness of every agent and guest and the health of guests with an in-VM helper
 * (no heartbeat for {@code CORRAL_TASK_HEALTH_CHECK_FAILED_AFTER_SECONDS} → failed); every change is
 * a fleet event.
 */
@ApplicationScoped
public class HealthCheckTask implements MaintenanceTask {
    @Inject
    LivenessService liveness;

    @Inject
    TaskSettings settings;

    @Override
    public String name() {
        return "health-check";
    }

    @Override
    public String description() {
        return "Liveness of agents and VMs, health of VMs with a helper (no heartbeat for "
                + settings.healthFailedAfter().toSeconds() + " s: failed); each change is a fleet event";
    }

    @Override
    public String defaultSchedule() {
        return "every 1m";
    }

    @Override
    public TaskPlan plan(Instant now) {
        LivenessService.Judgement judgement = liveness.judge(now, settings.healthFailedAfter());
        List<TaskAction> actions = judgement.changes().stream().map(HealthCheckTask::action).toList();
        return new TaskPlan(judgement.agents() + judgement.vms(), actions, Map.of("agents", judgement.agents(),
                "vms", judgement.vms(), "failedAfterSeconds", settings.healthFailedAfter().toSeconds()),
                judgement.changes());
    }

    @Override
    @SuppressWarnings("unchecked")
    public TaskResult run(TaskPlan plan, Instant now, String requestedBy) {
        List<FleetChange> changes = (List<FleetChange>) plan.work(List.class);
        List<FleetChange> applied = liveness.apply(changes, now, requestedBy);
        long failed = applied.stream().filter(c -> c.kind().equals("health") && "failed".equals(c.to())).count();
        return new TaskResult(plan.seen(), applied.size(), List.of(), Map.of("changesApplied", applied.size(),
                "changesSuperseded", changes.size() - applied.size(), "healthFailed", failed));
    }

    private static TaskAction action(FleetChange c) {
        return new TaskAction(c.subjectType(), c.subjectId(), c.subjectName(),
                c.kind() + " " + c.from() + " → " + c.to(), c.reason());
    }
}
