package io.corral.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.corral.fleet.LivenessRules.AgentState;
import io.corral.fleet.LivenessRules.VmState;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LivenessRulesTest {
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private static final LivenessThresholds HELPER = new LivenessThresholds(Duration.ofMinutes(2),
            Duration.ofMinutes(5), Duration.ofMinutes(15));
    private static final LivenessThresholds INVENTORY = new LivenessThresholds(Duration.ofSeconds(20),
            Duration.ofSeconds(30), Duration.ofMinutes(5));

    private static OffsetDateTime ago(Duration d) {
        return OffsetDateTime.ofInstant(NOW.minus(d), ZoneOffset.UTC);
    }

    private static VmState vm(String status, Duration heartbeatAgo, Long uptime, String liveness, String health) {
        return new VmState(UUID.randomUUID(), UUID.randomUUID(), "pve1", 10001, "w-1", status, false, uptime,
                ago(Duration.ofSeconds(1)), heartbeatAgo == null ? null : ago(heartbeatAgo), liveness, health);
    }

    @Test
    void aGuestWhoseHelperFallsSilentWalksOnlineDegradedStaleOffline() {
        String state = "online";
        StringBuilder walk = new StringBuilder(state);
        for (int minutes : new int[] {1, 3, 6, 16}) {
            Optional<FleetChange> change = LivenessRules.vmLiveness(vm("running", Duration.ofMinutes(minutes), 86_400L,
                    state, "ok"), NOW, HELPER, INVENTORY);
            if (change.isPresent()) {
                assertThat(change.get().from()).isEqualTo(state);
                assertThat(change.get().reason()).contains("helper heartbeat");
                state = change.get().to();
                walk.append(" → ").append(state);
            }
        }
        assertThat(walk).hasToString("online → degraded → stale → offline");
    }

    @Test
    void aRebootGivesTheHelperTimeToComeUp() {
        // last heartbeat 3 days ago, but the guest booted 30 s ago
        VmState booted = vm("running", Duration.ofDays(3), 30L, "offline", "failed");
        assertThat(LivenessRules.vmLiveness(booted, NOW, HELPER, INVENTORY).orElseThrow().to()).isEqualTo("online");
        assertThat(LivenessRules.vmHealth(booted, NOW, Duration.ofMinutes(5)).orElseThrow().to()).isEqualTo("ok");
    }

    @Test
    void healthFailsAfterTheLimitOnlyForRunningGuestsWithAHelper() {
        assertThat(LivenessRules.vmHealth(vm("running", Duration.ofMinutes(6), 86_400L, "stale", "ok"), NOW,
                Duration.ofMinutes(5)).orElseThrow().to()).isEqualTo("failed");
        assertThat(LivenessRules.vmHealth(vm("running", Duration.ofMinutes(4), 86_400L, "degraded", "ok"), NOW,
                Duration.ofMinutes(5))).isEmpty();
        assertThat(LivenessRules.vmHealth(vm("stopped", Duration.ofHours(6), null, "offline", "ok"), NOW,
                Duration.ofMinutes(5))).isEmpty();
        assertThat(LivenessRules.vmHealth(vm("running", null, 86_400L, "online", null), NOW,
                Duration.ofMinutes(5))).isEmpty();
    }

    @Test
    void aGuestThatIsNotRunningIsOfflineAndTemplatesAreNotJudged() {
        assertThat(LivenessRules.vmLiveness(vm("stopped", null, null, "online", null), NOW, HELPER, INVENTORY)
                .orElseThrow().reason()).isEqualTo("not running (stopped)");
        VmState template = new VmState(UUID.randomUUID(), UUID.randomUUID(), "pve1", 9000, "tpl", "stopped", true,
                null, ago(Duration.ZERO), null, "online", null);
        assertThat(LivenessRules.vmLiveness(template, NOW, HELPER, INVENTORY)).isEmpty();
    }

    @Test
    void withoutAHelperAGuestIsJudgedByTheInventoryThatListedIt() {
        VmState listed = new VmState(UUID.randomUUID(), UUID.randomUUID(), "pve1", 10002, "w-2", "running", false,
                100L, ago(Duration.ofSeconds(45)), null, "online", null);
        FleetChange change = LivenessRules.vmLiveness(listed, NOW, HELPER, INVENTORY).orElseThrow();
        assertThat(change.to()).isEqualTo("stale");
        assertThat(change.reason()).startsWith("no helper; last listed by its agent 45 s ago");
    }

    @Test
    void anAgentIsJudgedByItsLastSignOfLife() {
        AgentState silent = new AgentState(UUID.randomUUID(), "site-a", null, ago(Duration.ofMinutes(10)), "online");
        assertThat(LivenessRules.agent(silent, NOW, INVENTORY).orElseThrow().to()).isEqualTo("offline");
        AgentState fresh = new AgentState(UUID.randomUUID(), "site-b", null, ago(Duration.ofSeconds(5)), "online");
        assertThat(LivenessRules.agent(fresh, NOW, INVENTORY)).isEmpty();
        AgentState never = new AgentState(UUID.randomUUID(), "site-c", null, null, "online");
        assertThat(LivenessRules.agent(never, NOW, INVENTORY).orElseThrow().reason()).isEqualTo("never seen");
    }
}
