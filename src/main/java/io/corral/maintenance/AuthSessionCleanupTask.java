package io.corral.maintenance;

import io.corral.auth.AuthSession;
import io.corral.auth.AuthSessionRules;
import io.corral.auth.AuthSessionService;
import io.corral.platform.error.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Hourly: auth sessions not completed within {@code CORRAL_AUTH_SESSION_TIMEOUT_MINUTES} of their
 * start (whatever live state they are in: seed 002's cleanup missed {@code ready} and
 * {@code authenticating}) become {@code timeout} and their browser VMs are stopped and destroyed,
 * unless {@code CORRAL_DEBUG_PRESERVE_VMS=true}, which keeps the VMs and says so in each session.
 * Completed sessions are never touched: their VMs stay for CLI use.
 */
@ApplicationScoped
public class AuthSessionCleanupTask implements MaintenanceTask {
    static final int MAX_PER_RUN = 500;

    @Inject
    AuthSessionService sessions;

    @Inject
    TaskSettings settings;

    @Override
    public String name() {
        return "auth-session-cleanup";
    }

    @Override
    public String description() {
        return "Times out auth sessions not completed within their time limit and destroys their VMs"
                + (settings.preserveVms() ? " (VMs kept: CORRAL_DEBUG_PRESERVE_VMS)" : "");
    }

    @Override
    public String defaultSchedule() {
        return "every 1h";
    }

    @Override
    public TaskPlan plan(Instant now) {
        AuthSessionService.Stale stale = sessions.stale(now, MAX_PER_RUN);
        String verb = settings.preserveVms() ? "timeout (VM kept: CORRAL_DEBUG_PRESERVE_VMS)" : "timeout, destroy VM";
        List<TaskAction> actions = stale.first().stream().map(s -> new TaskAction("auth-session", s.id(), s.label(),
                s.preserveVm() ? "timeout (VM kept: preserveVm)" : verb,
                AuthSessionRules.timeoutReason(s, stale.timeout()))).toList();
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("timeoutMinutes", stale.timeout().toMinutes());
        detail.put("stale", stale.total());
        detail.put("leftForLaterRuns", Math.max(0, stale.total() - stale.first().size()));
        detail.put("preserveVms", settings.preserveVms());
        return new TaskPlan((int) stale.total(), actions, detail, stale.first());
    }

    @Override
    public TaskResult run(TaskPlan plan, Instant now, String requestedBy) {
        List<String> errors = new ArrayList<>();
        int timedOut = 0;
        int kept = 0;
        for (Object o : plan.work(List.class)) {
            AuthSession s = (AuthSession) o;
            try {
                Optional<AuthSession> ended = sessions.timeOut(s.id(), now, settings.preserveVms(), requestedBy);
                if (ended.isPresent()) {
                    timedOut++;
                    if (ended.get().vmNote() != null && ended.get().vmNote().startsWith("VM kept")) {
                        kept++;
                    }
                }
            } catch (ApiException e) {
                errors.add(s.label() + ": " + e.getMessage());
            }
        }
        return new TaskResult(plan.seen(), timedOut, errors, Map.of("timedOut", timedOut, "vmsKept", kept));
    }
}
