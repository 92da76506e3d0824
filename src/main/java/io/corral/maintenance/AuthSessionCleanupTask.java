package io.corral.maintenance;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Hourly: auth sessions not completed within their time limit become {@code timeout} and their browser
 * VMs are destroyed (unless {@code CORRAL_DEBUG_PRESERVE_VMS}). This version has no auth sessions yet:
 * every run is recorded with 0 items, so its schedule and recording are in place when they come.
 */
@ApplicationScoped
public class AuthSessionCleanupTask implements MaintenanceTask {

    @Override
    public String name() {
        return "auth-session-cleanup";
    }

    @Override
    public String description() {
        return "Times out auth sessions not completed within 2 h and destroys their VMs (no auth sessions in this "
                + "version: records 0 items)";
    }

    @Override
    public String defaultSchedule() {
        return "every 1h";
    }

    @Override
    public TaskPlan plan(Instant now) {
        return new TaskPlan(0, List.of(), Map.of("authSessions", "not in this version"), null);
    }

    @Override
    public TaskResult run(TaskPlan plan, Instant now, String requestedBy) {
        return TaskResult.of(0, 0);
    }
}
