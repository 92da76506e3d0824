package io.corral.command;

import java.util.UUID;

/**
 * A state change that happened, for the event trail and the wake-ups after commit.
 * {@code releasesLocks}: the command held lock keys that are free now, so its agent's queued
 * commands waiting on them can be claimed.
 */
public record Transition(UUID commandId, UUID agentId, CommandStatus from, CommandStatus to, String actor, String detail,
                         boolean releasesLocks) {

    public Transition(UUID commandId, UUID agentId, CommandStatus from, CommandStatus to, String actor, String detail) {
        this(commandId, agentId, from, to, actor, detail, false);
    }
}
