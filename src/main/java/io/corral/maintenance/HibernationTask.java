package io.corral.maintenance;

import io.corral.fleet.VmCandidate;
import io.corral.fleet.VmPolicyService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Every 5 minutes: running guests under the {@code when-idle} hibernate policy, idle longer than their
 * limit (default {@code CORRAL_TASK_HIBERNATION_IDLE_MINUTES}), get {@code proxmox.hibernate}
 * ({@code suspend todisk=1}). Protected guests never.
 */
@ApplicationScoped
public class HibernationTask implements MaintenanceTask {
    @Inject
    VmPolicyService policies;

    @Inject
    GuestCommands guests;

    @Inject
    TaskSettings settings;

    @Override
    public String name() {
        return "hibernation";
    }

    @Override
    public String description() {
        return "Hibernates running VMs under the when-idle policy idle longer than their limit (default "
                + settings.hibernationIdle().toMinutes() + " min); never protected VMs";
    }

    @Override
    public String defaultSchedule() {
        return "every 5m";
    }

    @Override
    public TaskPlan plan(Instant now) {
        List<VmCandidate> idle = policies.idleUnderHibernatePolicy(now, settings.hibernationIdle());
        List<TaskAction> actions = idle.stream().map(v -> new TaskAction("vm", v.id(), v.label(), "hibernate",
                reason(v, now))).toList();
        return new TaskPlan(idle.size(), actions, Map.of("defaultIdleMinutes", settings.hibernationIdle().toMinutes()),
                idle);
    }

    @Override
    public TaskResult run(TaskPlan plan, Instant now, String requestedBy) {
        return guests.queueEach(plan, vm -> new GuestCommands.Ask(List.of("proxmox.hibernate"),
                JsonValue.EMPTY_JSON_OBJECT, "hibernate-requested", reason(vm, now)), now, requestedBy, name());
    }

    private String reason(VmCandidate v, Instant now) {
        Duration idle = Duration.between(v.inactiveSince().toInstant(), now);
        Duration limit = v.idleLimitSeconds() == null ? settings.hibernationIdle()
                : Duration.ofSeconds(v.idleLimitSeconds());
        return "idle " + idle.toMinutes() + " min > " + limit.toMinutes() + " min (when-idle policy)";
    }
}
