/**
 * The agent's clone gate: one clone per source template, a bound per storage, a bounded queue with
 * separate shares for the agent's commands and the PVE proxy's clients. Knows nothing of HTTP or commands.
 * {@link io.corral.agent.clone.CloneGate} serializes, {@link io.corral.agent.clone.CloneQueue} admits and
 * counts, {@link io.corral.agent.clone.CloneTaskWatcher} watches the tasks of held slots.
 */
package io.corral.agent.clone;
