package io.corral.clone;

import jakarta.validation.constraints.Size;

import java.util.List;

/**
 * The body of {@code POST /api/v1/clone-runs}. The template is {@code vm} (an id from
 * {@code /api/v1/vms}) or {@code agent} + {@code node} + {@code vmid}.
 */
public record CloneRunRequest(@Size(max = 100) String agent, @Size(max = 100) String node, Integer vmid,
                              @Size(max = 36) String vm, Integer count, @Size(max = 200) String namePattern,
                              @Size(max = 100) String targetNode, Boolean full, @Size(max = 100) String storage,
                              Boolean start, @Size(max = 20) List<String> tags, @Size(max = 200) String service) {
}
