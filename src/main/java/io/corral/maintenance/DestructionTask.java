package io.corral.maintenance;

import io.corral.platform.json.Jsons;
import io.corral.fleet.VmCandidate;
import io.corral.fleet.VmPolicyService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Daily: guests inactive longer than {@code CORRAL_TASK_DESTRUCTION_INACTIVE_DAYS}, not protected, not
 * templates, by default only those with VMIDs in Corral's range, are stopped if running and destroyed
 * (purged); at most {@code CORRAL_TASK_DESTRUCTION_MAX_PER_RUN} per run, least recently active first,
 * so a bad clock or bad data cannot wipe the fleet. {@code CORRAL_DEBUG_PRESERVE_VMS=true} destroys
 * nothing.
 */
@ApplicationScoped
public class DestructionTask implements MaintenanceTask {
    @Inject
    VmPolicyService policies;

    @Inject
    GuestCommands guests;

    @Inject
    TaskSettings settings;

    @Override
    public String name() {
        return "destruction";
    }

    @Override
    public String description() {
        return "Destroys VMs inactive for " + settings.destructionInactive().toDays() + " days, never protected ones or "
                + "templates, " + (settings.destructionOnlyManaged() ? "only VMIDs in Corral's range, " : "")
                + "at most " + settings.destructionMaxPerRun() + " per run";
    }

    @Override
    public String defaultSchedule() {
        return "daily 02:00";
    }

    @Override
    public TaskPlan plan(Instant now) {
        VmPolicyService.Destroyable destroyable = policies.destroyable(now, settings.destructionInactive(),
                settings.destructionOnlyManaged(), settings.destructionMaxPerRun());
        String verb = settings.preserveVms() ? "destroy (preserved: CORRAL_DEBUG_PRESERVE_VMS)" : "destroy";
        List<TaskAction> actions = destroyable.first().stream()
                .map(v -> new TaskAction("vm", v.id(), v.label(), verb, reason(v, now))).toList();
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("inactiveDays", settings.destructionInactive().toDays());
        detail.put("maxPerRun", settings.destructionMaxPerRun());
        detail.put("scope", settings.destructionOnlyManaged() ? "managed" : "all");
        detail.put("destroyable", destroyable.total());
        detail.put("leftForLaterRuns", Math.max(0, destroyable.total() - destroyable.first().size()));
        detail.put("preserveVms", settings.preserveVms());
        return new TaskPlan((int) destroyable.total(), actions, detail, destroyable.first());
    }

    @Override
    public TaskResult run(TaskPlan plan, Instant now, String requestedBy) {
        if (settings.preserveVms()) {
            return new TaskResult(plan.seen(), 0, List.of(), Map.of("preserved", plan.actions().size()));
        }
        return guests.queueEach(plan, vm -> new GuestCommands.Ask(
                "running".equals(vm.status()) || "paused".equals(vm.status())
                        ? List.of("proxmox.stop", "proxmox.destroy") : List.of("proxmox.destroy"),
                Jsons.JSON.createObjectBuilder().add("purge", true).build(), "destroy-requested", reason(vm, now)),
                now, requestedBy, name());
    }

    private static String reason(VmCandidate v, Instant now) {
        return "inactive " + Duration.between(v.inactiveSince().toInstant(), now).toDays() + " d (since "
                + v.inactiveSince().toInstant() + ")";
    }
}
