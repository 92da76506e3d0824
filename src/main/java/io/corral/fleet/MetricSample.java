package io.corral.fleet;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One guest's figures at one moment, as stored in {@code vm_metric}: keyed by agent and VMID (the
 * history outlives the inventory row). A figure Proxmox did not report is null, not 0.
 * {@code netin}, {@code netout}, {@code diskread}, {@code diskwrite} are byte counters since the guest started.
 */
public record MetricSample(UUID agentId, int vmid, OffsetDateTime at, String node, String status, Double cpu,
                           Integer maxcpu, Long mem, Long maxmem, Long disk, Long maxdisk, Long netin, Long netout,
                           Long diskread, Long diskwrite, Long uptime) {
}
