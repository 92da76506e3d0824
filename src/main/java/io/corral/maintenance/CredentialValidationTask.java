package io.corral.maintenance;

import io.corral.auth.CredentialValidationService;
import io.corral.auth.CredentialVerdict;
import io.corral.platform.error.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every 6 hours: each stored credential is judged by its provider's validator (expiry-based by
 * default, the provider's check URL when one is configured) and marked valid, expired or invalid.
 * The preview lists the credentials whose status would change and those it would ask a check URL
 * about, without asking (a preview calls nothing and decrypts nothing).
 */
@ApplicationScoped
public class CredentialValidationTask implements MaintenanceTask {
    static final int MAX_PER_RUN = 10_000;

    @Inject
    CredentialValidationService validation;

    @Override
    public String name() {
        return "credential-validation";
    }

    @Override
    public String description() {
        return "Re-checks stored credentials (expiry-based, or the provider's check URL): valid, expired or invalid";
    }

    @Override
    public String defaultSchedule() {
        return "every 6h";
    }

    @Override
    public TaskPlan plan(Instant now) {
        List<CredentialVerdict> verdicts = validation.judge(now, MAX_PER_RUN);
        List<TaskAction> actions = verdicts.stream().filter(v -> v.pending() || v.changes())
                .map(v -> new TaskAction("credential", v.credential().id(), v.credential().provider() + " credential",
                        v.pending() ? "ask check URL" : "mark " + v.status().value(), v.reason())).toList();
        Map<String, Object> byStatus = new TreeMap<>();
        verdicts.forEach(v -> byStatus.merge(v.pending() ? "pending" : v.status().value(), 1,
                (a, b) -> (Integer) a + (Integer) b));
        return new TaskPlan(verdicts.size(), actions, Map.of("verdicts", byStatus), verdicts);
    }

    @Override
    public TaskResult run(TaskPlan plan, Instant now, String requestedBy) {
        List<String> errors = new ArrayList<>();
        int marked = 0;
        int changed = 0;
        for (Object o : plan.work(List.class)) {
            CredentialVerdict planned = (CredentialVerdict) o;
            try {
                CredentialVerdict v = validation.decide(planned);
                validation.record(v);
                marked++;
                changed += v.changes() ? 1 : 0;
            } catch (ApiException e) {
                errors.add("credential " + planned.credential().id() + ": " + e.getMessage());
            }
        }
        return new TaskResult(plan.seen(), marked, errors, Map.of("changed", changed));
    }
}
