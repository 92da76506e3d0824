package io.corral.fleet;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/**
 * The liveness and health rules, pure: given what is stored of an agent or a guest and the time,
 * what its state should be and why.
 */
public final class LivenessRules {

    private LivenessRules() {
    }

    /** What is read of an agent. */
    public record AgentState(UUID id, String name, Integer ttlSeconds, OffsetDateTime lastSeenAt, String liveness) {
    }

    /** What is read of a guest. */
    public record VmState(UUID id, UUID agentId, String node, int vmid, String name, String status, boolean template,
                          Long uptime, OffsetDateTime lastSeenAt, OffsetDateTime lastHeartbeatAt, String liveness,
                          String health) {

        String label() {
            return (name == null ? "vm" : name) + " (" + node + "/" + vmid + ")";
        }
    }

    public static Optional<FleetChange> agent(AgentState a, Instant now, LivenessThresholds thresholds) {
        Duration age = a.lastSeenAt() == null ? null : nonNegative(Duration.between(a.lastSeenAt().toInstant(), now));
        Liveness to = thresholds.judge(age);
        if (to.value().equals(a.liveness())) {
            return Optional.empty();
        }
        String reason = age == null ? "never seen" : "last heartbeat or poll " + human(age) + " ago ("
                + limits(thresholds) + ")";
        return Optional.of(new FleetChange("agent", a.id(), a.name(), a.id(), "liveness", a.liveness(), to.value(), reason));
    }

    /**
     * A guest's liveness: not running → offline; with a helper, by the age of its latest heartbeat
     * (counting a reboot as a fresh start: the helper gets time to come up); without, by the age of
     * the agent's latest inventory that listed it. Templates are not judged.
     */
    public static Optional<FleetChange> vmLiveness(VmState v, Instant now, LivenessThresholds helper,
                                                   LivenessThresholds inventory) {
        if (v.template()) {
            return Optional.empty();
        }
        Liveness to;
        String reason;
        if (!"running".equals(v.status())) {
            to = Liveness.OFFLINE;
            reason = "not running (" + v.status() + ")";
        } else if (v.lastHeartbeatAt() != null) {
            Duration age = helperAge(v, now);
            to = helper.judge(age);
            reason = "helper heartbeat " + human(age) + " ago (" + limits(helper) + ")";
        } else {
            Duration age = nonNegative(Duration.between(v.lastSeenAt().toInstant(), now));
            to = inventory.judge(age);
            reason = "no helper; last listed by its agent " + human(age) + " ago (" + limits(inventory) + ")";
        }
        if (to.value().equals(v.liveness())) {
            return Optional.empty();
        }
        return Optional.of(new FleetChange("vm", v.id(), v.label(), v.agentId(), "liveness", v.liveness(), to.value(),
                reason));
    }

    /**
     * A running guest with a helper whose latest heartbeat (or boot, if later) is older than
     * {@code failedAfter} has failed health; a fresh heartbeat makes it ok. Guests without a helper
     * and guests that are not running keep theirs.
     */
    public static Optional<FleetChange> vmHealth(VmState v, Instant now, Duration failedAfter) {
        if (v.template() || v.lastHeartbeatAt() == null || !"running".equals(v.status())) {
            return Optional.empty();
        }
        Duration age = helperAge(v, now);
        String to = age.compareTo(failedAfter) > 0 ? "failed" : "ok";
        if (to.equals(v.health())) {
            return Optional.empty();
        }
        String reason = to.equals("failed") ? "no helper heartbeat for " + human(age) + " (failed after "
                + human(failedAfter) + ")" : "helper heartbeat " + human(age) + " ago";
        return Optional.of(new FleetChange("vm", v.id(), v.label(), v.agentId(), "health", v.health(), to, reason));
    }

    private static Duration helperAge(VmState v, Instant now) {
        Instant since = v.lastHeartbeatAt().toInstant();
        if (v.uptime() != null && v.lastSeenAt() != null) {
            Instant booted = v.lastSeenAt().toInstant().minusSeconds(v.uptime());
            if (booted.isAfter(since)) {
                since = booted;
            }
        }
        return nonNegative(Duration.between(since, now));
    }

    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }

    static String limits(LivenessThresholds t) {
        return "degraded after " + human(t.degraded()) + ", stale after " + human(t.stale()) + ", offline after "
                + human(t.offline());
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        if (s < 120) {
            return s + " s";
        }
        if (s < 7200) {
            return s / 60 + " min";
        }
        if (s < 172_800) {
            return s / 3600 + " h";
        }
        return s / 86_400 + " d";
    }
}
