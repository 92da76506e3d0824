package io.corral.fleet;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetricsReportTest {
    private static final UUID AGENT = UUID.fromString("3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b");
    private static final Instant RECEIVED = Instant.parse("2026-11-29T18:00:05Z");

    @Test
    void everyGuestWithAVmidBecomesOneSampleAtTheCollectionTime() {
        MetricsReport report = MetricsReport.parse(AGENT, """
                {"collectedAt":"2026-11-29T18:00:00.123Z","node":null,"guests":[
                 {"node":"pve1","vmid":100,"type":"qemu","name":"web","status":"running","cpu":0.25,"maxcpu":4,
                  "mem":1073741824,"maxmem":4294967296,"disk":0,"maxdisk":34359738368,"netin":123456789012,
                  "netout":42,"diskread":7,"diskwrite":8,"uptime":3600},
                 {"node":"pve2","vmid":201,"type":"lxc","name":"db","status":"stopped"}]}
                """, RECEIVED);
        assertThat(report.guests()).isEqualTo(2);
        assertThat(report.collectedAt()).isEqualTo(OffsetDateTime.parse("2026-11-29T18:00:00.123Z"));
        assertThat(report.samples()).containsExactly(
                new MetricSample(AGENT, 100, report.collectedAt(), "pve1", "running", 0.25, 4, 1073741824L,
                        4294967296L, 0L, 34359738368L, 123456789012L, 42L, 7L, 8L, 3600L),
                // figures Proxmox left out stay unknown, not 0
                new MetricSample(AGENT, 201, report.collectedAt(), "pve2", "stopped", null, null, null, null, null,
                        null, null, null, null, null, null));
    }

    @Test
    void guestsWithoutAUsableVmidAreCountedNotKeptAndWrongTypesAreLeftOut() {
        MetricsReport report = MetricsReport.parse(AGENT, """
                {"collectedAt":"not a time","guests":[{"vmid":"100"},{"vmid":99},{"node":"pve1"},42,
                 {"vmid":300,"cpu":"0.5","mem":1.5,"maxcpu":70000,"status":true,"node":"pve1"}]}
                """, RECEIVED);
        assertThat(report.guests()).isEqualTo(5);
        assertThat(report.collectedAt()).isEqualTo(OffsetDateTime.parse("2026-11-29T18:00:05Z"));
        assertThat(report.samples()).singleElement().satisfies(s -> {
            assertThat(s.vmid()).isEqualTo(300);
            assertThat(s.node()).isEqualTo("pve1");
            assertThat(s.cpu()).isNull();
            assertThat(s.mem()).isNull();
            assertThat(s.maxcpu()).isNull();
            assertThat(s.status()).isNull();
        });
    }

    @Test
    void aResultThatIsNoMetricsResultIsRefusedWhole() {
        assertThatThrownBy(() -> MetricsReport.parse(AGENT, "[1,2]", RECEIVED))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MetricsReport.parse(AGENT, "{\"guests\":{}}", RECEIVED))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("guests");
        assertThatThrownBy(() -> MetricsReport.parse(AGENT, null, RECEIVED))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
