package io.corral.agent.command;

import io.corral.agent.executor.CancellationFlag;

/** A command this agent has taken on: starting, then executing until its result is produced. */
public final class RunningCommand {

    private final Command command;
    private final CancellationFlag cancellation = new CancellationFlag();
    private volatile boolean executing;

    RunningCommand(Command command) {
        this.command = command;
    }

    public Command command() {
        return command;
    }

    public String id() {
        return command.id();
    }

    public CancellationFlag cancellation() {
        return cancellation;
    }

    /** True once the control plane acknowledged the start (it then counts as in flight). */
    public boolean executing() {
        return executing;
    }

    void markExecuting() {
        executing = true;
    }
}
