package io.corral.maintenance;

import java.time.Instant;

/**
 * One of the background tasks. Each is an {@code @ApplicationScoped} CDI bean; {@link TaskTimers}
 * gives it an EJB timer from its schedule and {@link TaskRunner} makes each scheduled tick run
 * on exactly one instance and records every run. A task acts on the fleet only through the
 * {@code fleet}, {@code command} and {@code auth} services, never their stores.
 */
public interface MaintenanceTask {

    /** The name in the API and in its settings: {@code health-check} reads {@code CORRAL_TASK_HEALTH_CHECK_*}. */
    String name();

    /** What it does, one line, for {@code GET /api/v1/maintenance/tasks}. */
    String description();

    /** Its schedule when {@code CORRAL_TASK_<NAME>_SCHEDULE} is not set (see {@link TaskSchedule}). */
    String defaultSchedule();

    /**
     * What a run at {@code now} would do, without doing it: the items it looks at and the actions it
     * would take. {@code GET …/tasks/{name}/preview} shows it; {@link #run} acts on the same plan.
     */
    TaskPlan plan(Instant now);

    /**
     * Carries out the plan made at {@code now}. Failures of single items are reported in the result
     * ({@link TaskResult#errors()}), not thrown; an exception fails the whole run, which is recorded with
     * its error, and the next tick runs normally.
     *
     * @param requestedBy who the commands it queues are created by ({@code task:<name>})
     */
    TaskResult run(TaskPlan plan, Instant now, String requestedBy);
}
