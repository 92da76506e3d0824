package io.corral.command;

import java.util.Set;
import java.util.UUID;

/**
 * Fired in the transaction that changed commands, observed after it commits: agents with
 * new work or a cancellation to learn of, and commands that reached a final state.
 */
public record CommandSignal(Set<UUID> agentsToWake, Set<UUID> finishedCommands) {
}
