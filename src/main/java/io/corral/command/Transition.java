package io.corral.command;

import java.util.UUID;

/** A state change that happened, for the event trail and the wake-ups after commit. */
public record Transition(UUID commandId, UUID agentId, CommandStatus from, CommandStatus to, String actor, String detail) {
}
