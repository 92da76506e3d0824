package io.corral.maintenance;

import io.corral.platform.error.NotFoundProblem;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The background tasks and their schedules ({@code CORRAL_TASK_<NAME>_SCHEDULE}, else the task's
 * default), read once at deployment: a bad schedule fails the deployment.
 */
@ApplicationScoped
public class TaskCatalog {
    @Inject
    Instance<MaintenanceTask> discovered;

    @Inject
    Config config;

    private final Map<String, MaintenanceTask> tasks = new LinkedHashMap<>();
    private final Map<String, TaskSchedule> schedules = new LinkedHashMap<>();

    @PostConstruct
    void load() {
        discovered.stream().sorted(Comparator.comparing(MaintenanceTask::name)).forEach(task -> {
            if (tasks.putIfAbsent(task.name(), task) != null) {
                throw new IllegalStateException("Two background tasks are named " + task.name());
            }
            String key = settingKey(task.name(), "SCHEDULE");
            String text = config.getOptionalValue(key, String.class).orElse(task.defaultSchedule());
            schedules.put(task.name(), TaskSchedule.parse(key, text));
        });
    }

    /** {@code CORRAL_TASK_HEALTH_CHECK_SCHEDULE} for {@code health-check}, {@code SCHEDULE}. */
    public static String settingKey(String taskName, String setting) {
        return "CORRAL_TASK_" + taskName.toUpperCase(Locale.ROOT).replace('-', '_') + "_" + setting;
    }

    public List<MaintenanceTask> all() {
        return List.copyOf(tasks.values());
    }

    public MaintenanceTask get(String name) {
        MaintenanceTask task = tasks.get(name);
        if (task == null) {
            throw new NotFoundProblem("Task", name);
        }
        return task;
    }

    public TaskSchedule schedule(String name) {
        return schedules.get(name);
    }
}
