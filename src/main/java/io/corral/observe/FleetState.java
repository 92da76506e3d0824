package io.corral.observe;

import java.util.Map;

/**
 * One reading of the state gauges: live commands by status, agents by liveness, each agent's
 * clone gate (by agent name) and batch jobs running, by job name.
 */
record FleetState(Map<String, Long> commandsByStatus, Map<String, Long> agentsByLiveness,
                  Map<String, CloneGateFigures> cloneGates, Map<String, Long> jobsRunning) {

    static final FleetState EMPTY = new FleetState(Map.of(), Map.of(), Map.of(), Map.of());

    /** What an agent's last heartbeat said of its clone gate; zeros for figures it did not send. */
    record CloneGateFigures(long waiting, long running, long granted, double waitedSeconds) {
    }

    long commands(String status) {
        return commandsByStatus.getOrDefault(status, 0L);
    }

    long agents(String liveness) {
        return agentsByLiveness.getOrDefault(liveness, 0L);
    }

    CloneGateFigures cloneGate(String agent) {
        return cloneGates.getOrDefault(agent, new CloneGateFigures(0, 0, 0, 0));
    }

    long jobs(String job) {
        return jobsRunning.getOrDefault(job, 0L);
    }
}
