package io.corral.maintenance;

import io.corral.observe.TaskMetrics;
import io.corral.platform.json.Jsons;
import io.corral.platform.Resources;
import io.corral.platform.db.SessionLocks;
import io.corral.platform.error.ConflictProblem;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs a task: once per schedule slot across instances, never two runs of one task at a time, every
 * run recorded. The task's session advisory lock is held for the whole run on a connection of its
 * own (PostgreSQL frees it if this process dies), the run's row is claimed under it (unique per
 * slot), and the task works on a thread of this runner's, so a long run holds no timer thread.
 */
@ApplicationScoped
public class TaskRunner {
    private static final Logger LOG = Logger.getLogger(TaskRunner.class.getName());
    private static final int MAX_ACTIONS_RECORDED = 200;
    private static final long IDLE_THREAD_SECONDS = 5;
    static final String INSTANCE = instanceName();

    @Resource
    ManagedThreadFactory threads;

    @Inject
    SessionLocks locks;

    @Inject
    TaskMetrics taskMetrics;

    @Inject
    TaskRunStore store;

    @Inject
    Clock clock;

    private ExecutorService executor;

    @PostConstruct
    void start() {
        // A cached pool whose idle threads end after 5 s, not 60: runs are seconds long and minutes
        // apart, so the health check every minute would otherwise keep a thread for good.
        executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, IDLE_THREAD_SECONDS, TimeUnit.SECONDS,
                new SynchronousQueue<>(), Resources.required(threads, "The default ManagedThreadFactory"));
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }

    /** A scheduled tick: runs the task for {@code slot} unless another instance runs it or ran this slot. */
    public Optional<TaskRun> runScheduled(MaintenanceTask task, Instant slot) {
        return start(task, "schedule", slot, "schedule");
    }

    /** Runs the task now, for {@code requestedBy}; 409 {@code TASK_RUNNING} while a run of it is going on. */
    public TaskRun runNow(MaintenanceTask task, String requestedBy) {
        // Started from a pool thread: the run's lock connection, taken on a request thread, could be handed by the
        // server to that request's later transactions (and back to the pool while the run still holds it).
        Future<Optional<TaskRun>> started = executor.submit(() -> start(task, "api", null, requestedBy));
        Optional<TaskRun> run;
        try {
            run = started.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Task " + task.name() + " did not start within 60 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting task " + task.name(), e);
        }
        return run.orElseThrow(() -> new ConflictProblem("TASK_RUNNING",
                "Task " + task.name() + " is running (on this or another instance); try again when it has finished"));
    }

    private Optional<TaskRun> start(MaintenanceTask task, String trigger, Instant slot, String requestedBy) {
        Optional<SessionLocks.Held> lock = locks.tryAcquire("corral:task:" + task.name());
        if (lock.isEmpty()) {
            return Optional.empty();
        }
        try {
            Optional<TaskRun> run = store.claim(task.name(), trigger, slot, requestedBy, INSTANCE);
            if (run.isEmpty()) {
                lock.get().close();
                return run;
            }
            executor.execute(() -> execute(task, run.get(), lock.get()));
            return run;
        } catch (RuntimeException e) {
            lock.get().close();
            throw e;
        }
    }

    private void execute(MaintenanceTask task, TaskRun run, SessionLocks.Held lock) {
        try (lock) {
            Instant now = clock.instant();
            TaskPlan plan = task.plan(now);
            TaskResult result = task.run(plan, now, "task:" + task.name());
            store.finish(run.id(), "succeeded", result.seen(), result.acted(), detail(plan, result), null);
            taskMetrics.finished(task.name(), "succeeded");
            if (result.acted() > 0 || !result.errors().isEmpty()) {
                LOG.info(() -> "Task " + task.name() + " (" + run.id() + "): " + result.seen() + " seen, "
                        + result.acted() + " acted on, " + result.errors().size() + " errors");
            }
        } catch (RuntimeException | Error e) {
            LOG.log(Level.WARNING, "Task " + task.name() + " (" + run.id() + ") failed: " + e, e);
            try {
                store.finish(run.id(), "failed", null, null, "{}", String.valueOf(e.getMessage() == null
                        ? e.getClass().getSimpleName() : e.getMessage()));
                taskMetrics.finished(task.name(), "failed");
            } catch (RuntimeException recording) {
                LOG.log(Level.WARNING, "Recording the failure of task run " + run.id() + ": " + recording, recording);
            }
        }
    }

    private static String detail(TaskPlan plan, TaskResult result) {
        Map<String, Object> detail = new LinkedHashMap<>(plan.detail());
        detail.putAll(result.detail());
        List<TaskAction> actions = plan.actions();
        detail.put("actions", actions.subList(0, Math.min(actions.size(), MAX_ACTIONS_RECORDED)).stream()
                .map(TaskRunner::json).toList());
        if (actions.size() > MAX_ACTIONS_RECORDED) {
            detail.put("actionsNotListed", actions.size() - MAX_ACTIONS_RECORDED);
        }
        detail.put("errors", result.errors());
        return Jsons.JSON.createObjectBuilder(detail).build().toString();
    }

    private static Map<String, Object> json(TaskAction a) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("subjectType", a.subjectType());
        map.put("subjectId", a.subjectId() == null ? null : a.subjectId().toString());
        map.put("subjectName", a.subjectName());
        map.put("action", a.action());
        map.put("reason", a.reason());
        return map;
    }

    private static String instanceName() {
        String runtime = ManagementFactory.getRuntimeMXBean().getName();
        return runtime.length() <= 200 ? runtime : runtime.substring(0, 200);
    }
}
