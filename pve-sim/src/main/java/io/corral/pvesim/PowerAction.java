package io.corral.pvesim;

import java.time.Duration;

/** The power operations a guest accepts, each run as a task that ends in a run state. */
public enum PowerAction {
    START("start", RunState.RUNNING, Duration.ofSeconds(2)),
    STOP("stop", RunState.STOPPED, Duration.ofSeconds(1)),
    SHUTDOWN("shutdown", RunState.STOPPED, Duration.ofSeconds(3));

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
