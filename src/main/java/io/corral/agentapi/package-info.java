/**
 * The agent API ({@code /api/v1/agent/**}): heartbeats, command polls, acknowledgements, results
 * and SSH targets, as stated in {@code docs/agent-contract.json}. Calls the {@code fleet} and
 * {@code command} services only; nothing imports this package.
 */
package io.corral.agentapi;
