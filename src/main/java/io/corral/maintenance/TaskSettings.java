package io.corral.maintenance;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.Locale;

/** The background tasks' thresholds (their schedules are read by {@link TaskCatalog}). */
@ApplicationScoped
public class TaskSettings {
    @Inject
    @ConfigProperty(name = "CORRAL_TASK_HEALTH_CHECK_FAILED_AFTER_SECONDS", defaultValue = "300")
    int healthFailedAfter;

    @Inject
    @ConfigProperty(name = "CORRAL_TASK_HIBERNATION_IDLE_MINUTES", defaultValue = "30")
    int hibernationIdleMinutes;

    @Inject
    @ConfigProperty(name = "CORRAL_TASK_DESTRUCTION_INACTIVE_DAYS", defaultValue = "14")
    int destructionInactiveDays;

    @Inject
    @ConfigProperty(name = "CORRAL_TASK_DESTRUCTION_MAX_PER_RUN", defaultValue = "50")
    int destructionMaxPerRun;

    @Inject
    @ConfigProperty(name = "CORRAL_TASK_DESTRUCTION_SCOPE", defaultValue = "managed")
    String destructionScope;

    @Inject
    @ConfigProperty(name = "CORRAL_DEBUG_PRESERVE_VMS", defaultValue = "false")
    boolean preserveVms;

    /** A running guest whose helper has not heartbeated for this long has failed health. */
    public Duration healthFailedAfter() {
        return Duration.ofSeconds(bounded("CORRAL_TASK_HEALTH_CHECK_FAILED_AFTER_SECONDS", healthFailedAfter, 10,
                86_400));
    }

    /** Idle time after which a guest under a hibernate policy is hibernated, unless it sets its own. */
    public Duration hibernationIdle() {
        return Duration.ofMinutes(bounded("CORRAL_TASK_HIBERNATION_IDLE_MINUTES", hibernationIdleMinutes, 1, 525_600));
    }

    /** Inactivity after which an unprotected guest in scope is destroyed. */
    public Duration destructionInactive() {
        return Duration.ofDays(bounded("CORRAL_TASK_DESTRUCTION_INACTIVE_DAYS", destructionInactiveDays, 1, 3650));
    }

    /** At most this many guests destroyed per run, so bad data or a bad clock cannot wipe the fleet. */
    public int destructionMaxPerRun() {
        return bounded("CORRAL_TASK_DESTRUCTION_MAX_PER_RUN", destructionMaxPerRun, 0, 10_000);
    }

    /** {@code managed}: only guests with VMIDs in Corral's range ({@code CORRAL_VMID_RANGE}); {@code all}: any guest. */
    public boolean destructionOnlyManaged() {
        String scope = destructionScope.trim().toLowerCase(Locale.ROOT);
        if (!scope.equals("managed") && !scope.equals("all")) {
            throw new IllegalStateException("CORRAL_TASK_DESTRUCTION_SCOPE must be managed or all, not " + destructionScope);
        }
        return scope.equals("managed");
    }

    /** While true, no task destroys a guest (they record what they would have destroyed). */
    public boolean preserveVms() {
        return preserveVms;
    }

    private static int bounded(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalStateException(key + " must be from " + min + " to " + max + ", not " + value);
        }
        return value;
    }
}
