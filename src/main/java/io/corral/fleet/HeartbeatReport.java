package io.corral.fleet;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * What an agent reports on each heartbeat. {@code nodes} and {@code guests} are the whole
 * inventory when Proxmox could be read; null when it could not (the last inventory stays).
 * {@code inFlight} lists the commands the agent is executing right now.
 */
public record HeartbeatReport(String version, List<String> capabilities, OffsetDateTime startedAt,
                              Pve pve, List<NodeReport> nodes, List<GuestReport> guests, List<UUID> inFlight) {

    public record Pve(Boolean reachable, String version, String error) {
    }

    public record NodeReport(String name, String status, Double cpu, Integer maxcpu, Long mem, Long maxmem,
                             Long uptime) {
    }

    public record GuestReport(String node, Integer vmid, String type, String name, String status, Boolean template,
                              Double cpu, Long mem, Long maxmem, Long maxdisk, Long uptime, String lock) {
    }

    public boolean hasInventory() {
        return nodes != null && guests != null;
    }
}
