/**
 * The agent's clone gate: one clone per source template, a bound per storage, a bounded queue with
 * separate shares for the agent's commands and the PVE proxy's clients. Knows nothing of HTTP or commands.
 */
package io.corral.agent.clone;
