package io.corral.bench;

/**
 * When each emulated agent heartbeats: {@code agents} beats every {@code periodSeconds}, spread
 * evenly over the period rather than in a burst. Beat {@code j} (counted from the start, all agents
 * in turn) is agent {@code j % agents}'s, due {@code j × period / agents} after the start, so agent
 * {@code i} beats at offset {@code i × period / agents} of every period and consecutive beats are
 * {@code period / agents} apart. Agent {@code i} talks to instance {@code i % instances}.
 */
final class HeartbeatSchedule {

    private final int agents;
    private final long periodNanos;
    private final int instances;

    HeartbeatSchedule(int agents, int periodSeconds, int instances) {
        if (agents < 1 || periodSeconds < 1 || instances < 1) {
            throw new IllegalArgumentException("agents, period and instances must be positive");
        }
        this.agents = agents;
        this.periodNanos = periodSeconds * 1_000_000_000L;
        this.instances = instances;
    }

    int agents() { return agents; }

    /** The agent of beat {@code j}. */
    int agentOf(long beat) {
        return (int) (beat % agents);
    }

    /** Which round (period) beat {@code j} belongs to. */
    long roundOf(long beat) {
        return beat / agents;
    }

    /** Nanoseconds after the start at which beat {@code j} is due. */
    long dueNanos(long beat) {
        // exact for any count: round × period + agent's offset, without accumulating rounding
        return roundOf(beat) * periodNanos + agentOf(beat) * periodNanos / agents;
    }

    /** The instance (0-based) agent {@code i} reports to. */
    int instanceOf(int agent) {
        return agent % instances;
    }

    /** Beats due per second, all agents together. */
    double intendedPerSecond() {
        return agents * 1e9 / periodNanos;
    }
}
