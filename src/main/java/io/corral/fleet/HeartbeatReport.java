package io.corral.fleet;

import jakarta.validation.constraints.Size;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * What an agent reports on each heartbeat (the fields are stated in {@code docs/agent-contract.json}).
 * {@code nodes} and {@code guests} are the whole inventory when Proxmox could be read; null when
 * it could not (the last inventory stays). {@code inFlight} lists the commands the agent is
 * executing right now. Sizes are those of the columns the values are stored in.
 */
public record HeartbeatReport(@Size(max = 50) String version, @Size(max = 100) List<String> capabilities,
                              OffsetDateTime startedAt, Integer heartbeatSeconds, Health health, Pve pve,
                              @Size(max = 10_000) List<NodeReport> nodes, @Size(max = 100_000) List<GuestReport> guests,
                              @Size(max = 10_000) List<UUID> inFlight) {

    /** Free text from Proxmox ({@code error}) is cut to its column rather than refused. */
    public record Pve(Boolean reachable, @Size(max = 50) String version, String error) {
    }

    /**
     * The agent's own health: heap, commands executing, live worker loops, results waiting in its
     * outbox, and its clone gate (waiting and running now; granted and seconds waited since it started).
     */
    public record Health(Long heapUsedBytes, Long heapMaxBytes, Integer inFlight, Integer workers,
                         Integer outboxPending, Integer cloneWaiting, Integer cloneRunning, Long cloneGranted,
                         Double cloneWaitedSeconds) {

        public Health(Long heapUsedBytes, Long heapMaxBytes, Integer inFlight, Integer workers, Integer outboxPending) {
            this(heapUsedBytes, heapMaxBytes, inFlight, workers, outboxPending, null, null, null, null);
        }
    }

    public record NodeReport(@Size(max = 100) String name, @Size(max = 20) String status, Double cpu, Integer maxcpu,
                             Long mem, Long maxmem, Long uptime) {
    }

    public record GuestReport(@Size(max = 100) String node, Integer vmid, String type, @Size(max = 200) String name,
                              @Size(max = 20) String status, Boolean template, Double cpu, Long mem, Long maxmem,
                              Long maxdisk, Long uptime, @Size(max = 50) String lock) {
    }

    public boolean hasInventory() {
        return nodes != null && guests != null;
    }
}
