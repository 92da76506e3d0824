package io.corral.command;

import java.util.Set;
import java.util.UUID;

/**
 * Fired in the transaction that changed commands, observed after it commits: agents with
 * new work or a cancellation to learn of, commands that reached a final state, and agents
 * whose held polls are suspect (a lease lapsed unacknowledged: the poll that took it was
 * probably held for a client that is gone, and its siblings likely are too), and agents with a new
 * request to cancel a running command (their next claim looks for cancellations to pass on).
 */
public record CommandSignal(Set<UUID> agentsToWake, Set<UUID> finishedCommands, Set<UUID> agentsToPurge,
                            Set<UUID> agentsWithCancelRequests) {
}
