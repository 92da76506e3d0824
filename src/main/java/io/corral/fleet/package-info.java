/**
 * Agents, nodes and VMs as their agents report them, SSH targets, liveness.
 * Owns those tables; must not use {@code command} or {@code agentapi}.
 */
package io.corral.fleet;
