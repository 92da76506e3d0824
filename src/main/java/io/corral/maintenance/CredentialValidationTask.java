package io.corral.maintenance;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Every 6 hours: stored credentials are re-checked and marked valid, expired or invalid. This version
 * has no credential vault yet: every run is recorded with 0 items.
 */
@ApplicationScoped
public class CredentialValidationTask implements MaintenanceTask {

    @Override
    public String name() {
        return "credential-validation";
    }

    @Override
    public String description() {
        return "Re-checks stored credentials: valid, expired or invalid (no credential vault in this version: "
                + "records 0 items)";
    }

    @Override
    public String defaultSchedule() {
        return "every 6h";
    }

    @Override
    public TaskPlan plan(Instant now) {
        return new TaskPlan(0, List.of(), Map.of("credentials", "not in this version"), null);
    }

    @Override
    public TaskResult run(TaskPlan plan, Instant now, String requestedBy) {
        return TaskResult.of(0, 0);
    }
}
