package io.corral.fleet;

import java.util.UUID;

/** Filters of the VM list; null means "any". */
public record VmQuery(UUID agentId, String node, String status, Boolean template, String type) {
}
