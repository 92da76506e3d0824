package io.corral.pvesim;

import java.time.Duration;

/**
 * The power and lifecycle operations a guest accepts, each run as a task that ends in a run state.
 * {@link #DESTROY} is {@code DELETE …/{vmid}}, the others are {@code POST …/status/<apiName>}.
 */
public enum PowerAction {
    START("start", RunState.RUNNING, Duration.ofSeconds(2)),
    STOP("stop", RunState.STOPPED, Duration.ofSeconds(1)),
    SHUTDOWN("shutdown", RunState.STOPPED, Duration.ofSeconds(3)),
    /** Pause, or with {@code todisk=1} hibernate (stopped, {@code lock: suspended}). */
    SUSPEND("suspend", RunState.PAUSED, Duration.ofSeconds(1)),
    RESUME("resume", RunState.RUNNING, Duration.ofSeconds(1)),
    DESTROY("destroy", RunState.STOPPED, Duration.ofSeconds(2));

    private final String apiName;
    private final RunState outcome;
    private final Duration defaultDuration;

    PowerAction(String apiName, RunState outcome, Duration defaultDuration) {
        this.apiName = apiName;
        this.outcome = outcome;
        this.defaultDuration = defaultDuration;
    }

    /** The last path segment: {@code …/status/start}. */
    public String apiName() {
        return apiName;
    }

    public RunState outcome() {
        return outcome;
    }

    /** How long the task runs before the time factor is applied. */
    public Duration defaultDuration() {
        return defaultDuration;
    }
}
