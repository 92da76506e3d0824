/**
 * Agents, nodes and VMs as their agents report them, and what Corral keeps of them: liveness, helper
 * health and activity, protection, hibernate policy, fleet events, metrics history ({@code vm_metric}); SSH targets.
 * Owns those tables; must not use {@code command}, {@code maintenance} or {@code agentapi}.
 */
package io.corral.fleet;
