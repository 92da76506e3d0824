package io.corral.agent.heartbeat;

import java.time.Instant;
import java.util.List;

/**
 * How one heartbeat fared with the control plane.
 *
 * @param summary short form that changes only when the situation does, e.g. {@code HTTP 200},
 *                {@code HTTP 401 UNAUTHORIZED}, {@code connection refused}
 * @param detail  the control plane's error message, if any
 * @param agentId the agent id the control plane answered with, if any
 * @param cancellations ids of commands the control plane wants this agent to cancel
 * @param targetsVersion version of this agent's SSH target list in the control plane; -1 if not told
 */
public record HeartbeatOutcome(Instant at, boolean accepted, String summary, String detail,
                               String agentId, List<String> cancellations, long targetsVersion) {

    public static HeartbeatOutcome accepted(Instant at, int status, String agentId) {
        return accepted(at, status, agentId, List.of());
    }

    public static HeartbeatOutcome accepted(Instant at, int status, String agentId, List<String> cancellations) {
        return accepted(at, status, agentId, cancellations, -1);
    }

    public static HeartbeatOutcome accepted(Instant at, int status, String agentId, List<String> cancellations,
                                            long targetsVersion) {
        return new HeartbeatOutcome(at, true, "HTTP " + status, null, agentId, List.copyOf(cancellations),
                targetsVersion);
    }

    public static HeartbeatOutcome rejected(Instant at, String summary, String message) {
        return new HeartbeatOutcome(at, false, summary, message, null, List.of(), -1);
    }

    public static HeartbeatOutcome undelivered(Instant at, String reason) {
        return new HeartbeatOutcome(at, false, reason, null, null, List.of(), -1);
    }
}
