package io.corral.maintenance;

import io.corral.maintenance.PruneTarget.ChildTable;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PruneTargetTest {
    private final PruneTarget commands = new PruneTarget("commands", "command", "id", "finished_at",
            PruneTargets.FINAL_COMMAND, List.of(new ChildTable("command_event", "command_id")), Duration.ofDays(30));

    @Test
    void aPageIsAKeyRangeOfFinalRowsOlderThanTheCutoffOldestFirst() {
        assertThat(commands.pageSql(false)).isEqualTo("select finished_at, id from command where status in "
                + "('succeeded', 'failed', 'expired', 'cancelled') and finished_at < ? order by finished_at, id limit ?");
        assertThat(commands.pageSql(true)).isEqualTo("select finished_at, id from command where status in "
                + "('succeeded', 'failed', 'expired', 'cancelled') and finished_at < ? and (finished_at, id) > (?, ?) "
                + "order by finished_at, id limit ?");
    }

    @Test
    void theDeleteChecksTheRuleAgainAndTakesTheChildRowsOfWhatItDeleted() {
        assertThat(commands.deleteSql()).isEqualTo("with gone as (delete from command where id = any(?) and status in "
                + "('succeeded', 'failed', 'expired', 'cancelled') and finished_at < ? returning id), "
                + "c0 as (delete from command_event where command_id in (select id from gone) returning 1) "
                + "select (select count(*) from gone), (select count(*) from c0)");
        assertThat(commands.tables()).containsExactly("command", "command_event");
    }

    @Test
    void aTargetWithoutChildrenCountsOnlyItsOwnRows() {
        PruneTarget events = new PruneTarget("fleet-events", "fleet_event", "id", "at", "true", List.of(), Duration.ofDays(7));
        assertThat(events.deleteSql()).isEqualTo("with gone as (delete from fleet_event where id = any(?) and true "
                + "and at < ? returning id) select (select count(*) from gone)");
        assertThat(events.tables()).containsExactly("fleet_event");
    }

    @Test
    void theListPrunesCommandsCloneRunsFleetEventsTaskRunsAndMetricsWithTheirRetentions() {
        MaintenanceSettings settings = new MaintenanceSettings();
        settings.commandsDays = 30;
        settings.cloneRunsDays = 14;
        settings.fleetEventsDays = 7;
        settings.taskRunsDays = 31;
        settings.metricsDays = 8;
        List<PruneTarget> all = PruneTargets.all(settings);
        assertThat(all).extracting(PruneTarget::name).containsExactly("commands", "clone-runs", "fleet-events",
                "task-runs", "metrics");
        assertThat(all).extracting(PruneTarget::retention).containsExactly(Duration.ofDays(30), Duration.ofDays(14),
                Duration.ofDays(7), Duration.ofDays(31), Duration.ofDays(8));
        assertThat(all.get(1).tables()).containsExactly("clone_run", "clone_item");
        assertThat(PruneTargets.named(all, "clone-runs")).contains(all.get(1));
        assertThat(PruneTargets.named(all, "sessions")).isEmpty();
    }

    @Test
    void metricsArePrunedByTheirSampleTimeAlone() {
        PruneTarget metrics = PruneTargets.named(PruneTargets.all(settings(7)), "metrics").orElseThrow();
        assertThat(metrics.tables()).containsExactly("vm_metric");
        assertThat(metrics.pageSql(true)).isEqualTo("select at, id from vm_metric where true and at < ?"
                + " and (at, id) > (?, ?) order by at, id limit ?");
        assertThat(metrics.deleteSql()).isEqualTo("with gone as (delete from vm_metric where id = any(?) and true"
                + " and at < ? returning id) select (select count(*) from gone)");
    }

    private static MaintenanceSettings settings(int metricsDays) {
        MaintenanceSettings settings = new MaintenanceSettings();
        settings.commandsDays = 30;
        settings.cloneRunsDays = 30;
        settings.fleetEventsDays = 7;
        settings.taskRunsDays = 30;
        settings.metricsDays = metricsDays;
        return settings;
    }
}
