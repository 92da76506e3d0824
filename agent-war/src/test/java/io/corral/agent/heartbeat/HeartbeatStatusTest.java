package io.corral.agent.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One log line per change, not per tick; the health view follows the latest heartbeat. */
class HeartbeatStatusTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final Inventory REACHABLE = Inventory.reachable("8.2.4", List.of(), List.of());

    private final Logger logger = Logger.getLogger(HeartbeatStatus.class.getName());
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            lines.add(record.getLevel() + " " + record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLog() {
        logger.addHandler(capture);
        logger.setLevel(Level.ALL);
        logger.setUseParentHandlers(false);
    }

    @AfterEach
    void releaseLog() {
        logger.removeHandler(capture);
        logger.setUseParentHandlers(true);
    }

    @Test
    void logsTheFirstSuccessOnceAndEachChangeOnce() {
        HeartbeatStatus status = new HeartbeatStatus();

        for (int tick = 0; tick < 3; tick++) {
            status.record(REACHABLE, HeartbeatOutcome.accepted(T0.plusSeconds(tick * 10L), 200, "a-1"));
        }
        assertThat(lines).containsExactly(
                "INFO Proxmox reachable: pve-manager 8.2.4, 0 node(s), 0 guest(s)",
                "INFO Heartbeat accepted by the control plane (HTTP 200, agentId=a-1)");

        lines.clear();
        for (int tick = 3; tick < 6; tick++) {
            status.record(REACHABLE, HeartbeatOutcome.rejected(T0.plusSeconds(tick * 10L),
                    "HTTP 401 UNAUTHORIZED", "unknown agent token"));
        }
        assertThat(lines).containsExactly(
                "WARNING Heartbeat not accepted by the control plane: HTTP 401 UNAUTHORIZED - unknown agent token");

        lines.clear();
        status.record(Inventory.unreachable("connection refused"), HeartbeatOutcome.accepted(T0.plusSeconds(60), 200, "a-1"));
        status.record(Inventory.unreachable("connection refused"), HeartbeatOutcome.accepted(T0.plusSeconds(70), 200, "a-1"));
        assertThat(lines).containsExactly(
                "WARNING Proxmox not readable: connection refused (heartbeats go on without inventory)",
                "INFO Heartbeat accepted by the control plane (HTTP 200, agentId=a-1)");
    }

    @Test
    void theHealthViewFollowsTheLatestHeartbeat() {
        HeartbeatStatus status = new HeartbeatStatus();
        assertThat(status.lastHeartbeatAt()).isNull();
        assertThat(status.lastHeartbeatOk()).isFalse();

        status.record(REACHABLE, HeartbeatOutcome.accepted(T0, 200, "a-1"));
        assertThat(status.lastHeartbeatAt()).isEqualTo(T0);
        assertThat(status.lastHeartbeatOk()).isTrue();
        assertThat(status.pveReachable()).isTrue();

        status.record(Inventory.unreachable("HTTP 401"), HeartbeatOutcome.undelivered(T0.plusSeconds(10), "request timed out"));
        assertThat(status.lastHeartbeatAt()).isEqualTo(T0.plusSeconds(10));
        assertThat(status.lastHeartbeatOk()).isFalse();
        assertThat(status.pveReachable()).isFalse();
    }
}
