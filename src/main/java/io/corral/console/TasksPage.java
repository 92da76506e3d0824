package io.corral.console;

import io.corral.maintenance.MaintenanceTask;
import io.corral.maintenance.PruneRunView;
import io.corral.maintenance.PruneService;
import io.corral.maintenance.TaskCatalog;
import io.corral.maintenance.TaskPreview;
import io.corral.maintenance.TaskRunStore;
import io.corral.maintenance.TaskRunView;
import io.corral.maintenance.TaskRunner;
import io.corral.maintenance.TaskSchedule;
import io.corral.maintenance.TaskView;
import io.corral.platform.error.ApiException;
import io.corral.platform.security.Role;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.Serializable;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Faces bean of {@code console/tasks.xhtml}: the background tasks with schedule, next and last run; a preview
 * of what a task would do now; run now (admin, as {@code POST …/tasks/{name}/run}); the recent runs and the
 * retention prune runs.
 */
@Named
@ViewScoped
public class TasksPage implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final int RECENT = 25;
    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    @Inject
    TaskCatalog catalog;

    @Inject
    TaskRunner runner;

    @Inject
    TaskRunStore runs;

    @Inject
    PruneService prunes;

    @Inject
    Clock clock;

    @Resource
    transient ManagedExecutorService executor;

    @Inject
    ConsoleUser me;

    private transient List<TaskView> tasks;
    private transient List<TaskRunView> recent;
    private transient TaskPreview preview;

    public List<TaskView> getTasks() {
        if (tasks == null) {
            Instant now = clock.instant();
            tasks = catalog.all().stream().map(task -> view(task, now)).toList();
        }
        return tasks;
    }

    private TaskView view(MaintenanceTask task, Instant now) {
        TaskSchedule schedule = catalog.schedule(task.name());
        TaskRunView last = runs.recent(task.name(), null, null, 1).stream().map(TaskRunView::of).findFirst().orElse(null);
        TaskRunView lastScheduled = runs.recentScheduled(task.name()).map(TaskRunView::of).orElse(null);
        return new TaskView(task.name(), task.description(), schedule.toString(), schedule.enabled() ? schedule.next(now)
                : null, last, lastScheduled);
    }

    public List<TaskRunView> getRecent() {
        if (recent == null) {
            recent = runs.recent(null, null, null, RECENT).stream().map(TaskRunView::of).toList();
        }
        return recent;
    }

    public List<PruneRunView> getPruneRuns() {
        return prunes.recent(5);
    }

    /** Reloads tasks and runs (the live refresh on topic tasks). */
    public void refresh() {
        tasks = null;
        recent = null;
    }

    /** What the task would do now; nothing is changed. */
    public void preview(String name) {
        try {
            Instant now = clock.instant();
            preview = TaskPreview.of(name, now, catalog.get(name).plan(now));
        } catch (ApiException e) {
            preview = null;
            ConsoleMessages.error("No preview", e.getMessage());
        } catch (RuntimeException e) {
            preview = null;
            ConsoleMessages.error("No preview", "The task could not plan its run: " + e.getMessage());
        }
    }

    public TaskPreview getPreview() {
        return preview;
    }

    public List<Map.Entry<String, Object>> getPreviewDetail() {
        return preview == null ? List.of() : preview.detail().entrySet().stream()
                .sorted(Map.Entry.comparingByKey()).toList();
    }

    public void runNow(String name) {
        if (!me.may(Role.ADMIN, "task.run", "task", name)) {
            return;
        }
        try {
            String by = me.getName();
            MaintenanceTask task = catalog.get(name);
            // On a thread of its own: the run's lock connection must never belong to this request, where the
            // page's reads start transactions that would enlist it (and hand it back to the pool under the run).
            await(executor.submit(() -> runner.runNow(task, by)));
            me.did("task.run", "task", name, null);
            ConsoleMessages.info("Task started", name + " is running; its run appears below when it has finished.");
        } catch (ApiException e) {
            String why = "TASK_RUNNING".equals(e.code())
                    ? name + " is already running (on this or another control-plane instance); run it again when that run "
                    + "has finished."
                    : e.getMessage();
            me.failed("task.run", "task", name, why);
            ConsoleMessages.warn("Not started", why);
        }
        refresh();
    }

    private static void await(Future<?> started) {
        try {
            started.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the task", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the task did not start within 30 s", e);
        }
    }

    /** An instant as the page shows times ({@code MM-dd HH:mm:ss}, UTC). */
    public String at(Instant instant) {
        return instant == null ? "" : AT.format(instant);
    }

    /** {@code 1.2 s}, {@code 340 ms}; empty while running. */
    public String duration(Long ms) {
        if (ms == null) {
            return "";
        }
        return ms < 1000 ? ms + " ms" : ms < 120_000 ? String.format("%.1f s", ms / 1000.0) : (ms / 60_000) + " min";
    }
}
