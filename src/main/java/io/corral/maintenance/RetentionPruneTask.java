package io.corral.maintenance;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The daily retention prune: a non-persistent calendar timer on every instance, made from
 * {@code CORRAL_PRUNE_SCHEDULE}; the run's row (one per schedule slot, taken under an advisory
 * lock) makes exactly one instance run it. Settings are checked at deployment.
 */
@Singleton
@Startup
@DependsOn("BatchRepositoryCheck")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionManagement(TransactionManagementType.BEAN)
public class RetentionPruneTask {
    private static final Logger LOG = Logger.getLogger(RetentionPruneTask.class.getName());

    @Resource
    TimerService timers;

    @Inject
    MaintenanceSettings settings;

    @Inject
    PruneService prune;

    private PruneSchedule schedule;

    @PostConstruct
    void schedule() {
        settings.chunkRows();
        settings.maxDutyPercent();
        settings.commandsRetention();
        settings.cloneRunsRetention();
        settings.metricsRetention();
        schedule = settings.schedule();
        if (schedule.enabled()) {
            timers.createCalendarTimer(schedule.expression(), new TimerConfig("retention-prune", false));
        }
        LOG.info(() -> "Retention prune " + schedule + "; commands kept " + settings.commandsRetention().toDays()
                + " d, clone runs " + settings.cloneRunsRetention().toDays() + " d, metrics "
                + settings.metricsRetention().toDays() + " d, " + settings.chunkRows()
                + " rows per chunk, busy at most " + settings.maxDutyPercent() + " % of the time");
    }

    @Timeout
    void tick() {
        Instant slot = schedule.slot(Instant.now());
        try {
            if (prune.startScheduled(slot).isEmpty()) {
                LOG.info(() -> "Scheduled prune of " + slot + " skipped: another instance runs it, or a run is going on");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Scheduled prune of " + slot + " did not start: " + e.getMessage(), e);
        }
    }
}
