package io.corral.command;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Fired in the transaction that changed commands, observed after it commits: agents with
 * new work or a cancellation to learn of, commands that reached a final state, and agents
 * whose held polls are suspect (a lease lapsed unacknowledged: the poll that took it was
 * probably held for a client that is gone, and its siblings likely are too), and agents with a new
 * request to cancel a running command (their next claim looks for cancellations to pass on).
 * {@code transitions}: the changes themselves, for the transition log.
 */
public record CommandSignal(Set<UUID> agentsToWake, Set<UUID> finishedCommands, Set<UUID> agentsToPurge,
                            Set<UUID> agentsWithCancelRequests, List<Transition> transitions) {

    /** True when an observer of the signal has something to do. */
    boolean hasNews() {
        return !agentsToWake.isEmpty() || !finishedCommands.isEmpty() || !agentsToPurge.isEmpty()
                || !agentsWithCancelRequests.isEmpty();
    }
}
