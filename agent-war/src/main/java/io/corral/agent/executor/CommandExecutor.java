package io.corral.agent.executor;

import jakarta.json.JsonObject;

/**
 * Runs one command type, e.g. {@code proxmox.status}. Implementations are stateless and
 * thread-safe: the agent runs several commands of one type at once (bounded per type).
 */
public interface CommandExecutor {

    /** The command type this executor runs, as the control plane names it. */
    String type();

    /**
     * Does the work and returns the command's result. Long-running executors report progress
     * through the context and check {@link CommandContext#cancelled()} between steps.
     *
     * @throws CommandFailure with a typed code when the command fails; the agent reports it as
     *                        {@code failed} (or {@code cancelled} once a cancel was requested)
     */
    JsonObject execute(CommandContext context) throws CommandFailure;
}
