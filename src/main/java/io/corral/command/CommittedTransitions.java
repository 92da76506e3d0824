package io.corral.command;

import java.util.List;

/** Transitions of one transaction, observed after it commits (for the log and the metrics). */
public record CommittedTransitions(List<Transition> transitions) {
}
