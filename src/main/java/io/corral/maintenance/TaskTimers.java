package io.corral.maintenance;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One non-persistent calendar timer per background task on every instance, from its schedule. A
 * tick hands the run to {@link TaskRunner}, which makes it one run per slot across instances.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionManagement(TransactionManagementType.BEAN)
public class TaskTimers {
    private static final Logger LOG = Logger.getLogger(TaskTimers.class.getName());

    @Resource
    TimerService timers;

    @Inject
    TaskCatalog catalog;

    @Inject
    TaskRunner runner;

    @Inject
    Clock clock;

    @PostConstruct
    void schedule() {
        runner.toString(); // created here, on the deployment thread, where its resources are injected
        for (MaintenanceTask task : catalog.all()) {
            TaskSchedule schedule = catalog.schedule(task.name());
            if (schedule.enabled()) {
                timers.createCalendarTimer(schedule.expression(), new TimerConfig(task.name(), false));
            }
            LOG.info(() -> "Task " + task.name() + ": " + schedule);
        }
    }

    /** The mark this tick is for, also when the timer fires late (a busy machine, a long GC). */
    private Instant slotOf(Timer timer, TaskSchedule schedule) {
        try {
            return schedule.slotBefore(timer.getNextTimeout().toInstant());
        } catch (RuntimeException noNextTimeout) {
            return schedule.slot(clock.instant());
        }
    }

    @Timeout
    void tick(Timer timer) {
        String name = String.valueOf(timer.getInfo());
        try {
            MaintenanceTask task = catalog.get(name);
            Instant slot = slotOf(timer, catalog.schedule(name));
            if (runner.runScheduled(task, slot).isEmpty()) {
                LOG.fine(() -> "Task " + name + " of " + slot + " skipped: running elsewhere, or already ran");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Task " + name + " did not start: " + e.getMessage(), e);
        }
    }
}
