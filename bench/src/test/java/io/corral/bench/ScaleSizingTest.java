package io.corral.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ScaleSizingTest {

    @Test
    void separatesTheHeartbeatFromTheLifecycleCost() {
        // idle 0.1 cores; alone: 200 lifecycles/s on 0.3 cores → 1,000 µs each; fleet alone: 50 heartbeats/s on
        // 0.6 cores → (0.6 − 0.1) / 50 = 10,000 µs a heartbeat
        ScaleSizing.Usage idle = new ScaleSizing.Usage(0.1, 0.01, 0, 0, 0);
        ScaleSizing.Usage alone = new ScaleSizing.Usage(0.3, 0.11, 2000, 400_000, 800);
        ScaleSizing.Usage fleet = new ScaleSizing.Usage(0.6, 0.26, 5000, 1_000_000, 50);
        ScaleSizing.Unit unit = ScaleSizing.unit(idle, alone, 200, fleet, 50);
        assertThat(unit.perLifecycle().cpCores()).isCloseTo(0.001, within(1e-12));
        assertThat(unit.perHeartbeat().cpCores()).isCloseTo(0.01, within(1e-12));
        assertThat(unit.perHeartbeat().pgCores()).isCloseTo(0.005, within(1e-12));
        assertThat(unit.perHeartbeat().rowsPerSecond()).isCloseTo(100, within(1e-9));
        assertThat(unit.perHeartbeat().xactsPerSecond()).isCloseTo(1, within(1e-9));
        ScaleSizing.Usage need = ScaleSizing.need(idle, unit, new ScaleSizing.Target(1000, 100, 10, 200));
        assertThat(need.cpCores()).isCloseTo(0.1 + 100 * 0.01 + 200 * 0.001, within(1e-9));
        assertThat(need.rowsPerSecond()).isCloseTo(100 * 100 + 200 * 10, within(1e-6));
    }

    @Test
    void atLeastTwoInstancesAndNoneBusierThanItsShare() {
        assertThat(ScaleSizing.instances(0.1, 2, 0.6)).isEqualTo(2);
        assertThat(ScaleSizing.instances(2.4, 2, 0.6)).isEqualTo(2);
        assertThat(ScaleSizing.instances(2.41, 2, 0.6)).isEqualTo(3);
        assertThat(ScaleSizing.instances(6.0, 4, 0.5)).isEqualTo(3);
    }

    @Test
    void heapIsThreeTimesTheLiveSetInStepsAndNeverBelowTheDefault() {
        assertThat(ScaleSizing.heapMb(50)).isEqualTo(512);
        assertThat(ScaleSizing.heapMb(171)).isEqualTo(768);
        assertThat(ScaleSizing.heapMb(256)).isEqualTo(768);
        assertThat(ScaleSizing.heapMb(300)).isEqualTo(1024);
    }

    @Test
    void theReadingShowsItsArithmetic() {
        ScaleSizing.Usage idle = new ScaleSizing.Usage(0.1, 0.01, 0, 0, 0);
        ScaleSizing.Usage alone = new ScaleSizing.Usage(0.3, 0.11, 2000, 400_000, 800);
        ScaleSizing.Usage fleet = new ScaleSizing.Usage(0.6, 0.26, 5000, 1_000_000, 50);
        ScaleSizing.Usage mixed = new ScaleSizing.Usage(0.8, 0.36, 7000, 1_400_000, 850);
        List<String> lines = ScaleSizing.describe(idle, ScaleSizing.unit(idle, alone, 200, fleet, 50), alone, 200,
                fleet, 50, mixed, 50, 200, 100, new ScaleSizing.Target(1000, 100, 10, 200), 120, 500, 2, 0.6);
        assertThat(String.join("\n", lines)).contains("1,000 agents × 100 guests = 100,000 VMs")
                .contains("= 1.30 cores in all").contains("= 2 instances").contains("12,000 rows/s")
                .contains("= 512 MB per instance").doesNotContain("not usable")
                .contains("predicted idle + both = control plane 0.800 cores");
        ScaleSizing.Usage noisy = new ScaleSizing.Usage(0.5, 0.01, 0, 0, 0);
        assertThat(String.join("\n", ScaleSizing.describe(noisy, ScaleSizing.unit(noisy, alone, 200, fleet, 50),
                alone, 200, fleet, 50, mixed, 50, 200, 100, new ScaleSizing.Target(1000, 100, 10, 200), 120, 500, 2, 0.6)))
                .contains("not usable");
    }

    @Test
    void rowsWrittenPerTableAreDeltasMostFirst() {
        ScaleDb.Snapshot a = new ScaleDb.Snapshot(10, 0, 0, Map.of("vm", new long[] {100, 50, 0, 40},
                "agent", new long[] {5, 5, 0, 5}, "quiet", new long[] {1, 1, 1, 0}));
        ScaleDb.Snapshot b = new ScaleDb.Snapshot(20, 0, 0, Map.of("vm", new long[] {100, 1050, 0, 1000},
                "agent", new long[] {5, 15, 0, 15}, "quiet", new long[] {1, 1, 1, 0}, "fleet_event", new long[] {20, 0, 0, 0}));
        List<ScaleDb.TableWrites> w = ScaleDb.writes(a, b);
        assertThat(w).extracting(ScaleDb.TableWrites::table).containsExactly("vm", "fleet_event", "agent");
        assertThat(w.get(0).updated()).isEqualTo(1000);
        assertThat(w.get(0).hotUpdated()).isEqualTo(960);
        assertThat(ScaleDb.totalRows(w)).isEqualTo(1030);
    }
}
