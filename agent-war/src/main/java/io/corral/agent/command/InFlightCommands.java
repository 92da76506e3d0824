package io.corral.agent.command;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * The commands this agent holds right now, from the moment it asks to start them until their
 * result is in the outbox. Cancellations arrive here, from polls and heartbeats alike.
 */
public class InFlightCommands {

    private static final Logger LOG = Logger.getLogger(InFlightCommands.class.getName());

    private final Map<String, RunningCommand> commands = new ConcurrentHashMap<>();

    /** Takes the command on, or returns null when this agent already holds it. */
    public RunningCommand register(Command command) {
        RunningCommand running = new RunningCommand(command);
        return commands.putIfAbsent(command.id(), running) == null ? running : null;
    }

    public void remove(String commandId) {
        commands.remove(commandId);
    }

    /**
     * Sets the cancellation flag of each held command; ids of commands not held here are
     * dropped (a command that has not started was already cancelled by the server).
     */
    public void cancel(Collection<String> commandIds) {
        for (String id : commandIds) {
            RunningCommand running = commands.get(id);
            if (running != null && running.cancellation().set("cancelled by the control plane")) {
                LOG.info(() -> "Cancel requested for command " + id + " (" + running.command().type() + ")");
            }
        }
    }

    /** Ids of the commands executing now (start acknowledged, result not yet produced). */
    public List<String> executingIds() {
        return commands.values().stream().filter(RunningCommand::executing)
                .map(RunningCommand::id).sorted().toList();
    }

    public int executingCount() {
        return (int) commands.values().stream().filter(RunningCommand::executing).count();
    }
}
