package io.corral.agent.pve;

import jakarta.json.JsonObject;

/**
 * {@code GET /nodes/{node}/{type}/{vmid}/status/current}: the live state of one guest.
 * {@code qmpstatus} is null for containers (QEMU only); {@code lock} is null when unlocked.
 */
public record PveGuestStatus(String node, int vmid, String type, String name, String status,
                             String qmpstatus, String lock, boolean template, double cpu,
                             long mem, long maxmem, long uptime) {

    public static PveGuestStatus fromJson(String node, String type, JsonObject data) {
        String lock = PveJson.string(data, "lock");
        return new PveGuestStatus(
                node,
                (int) PveJson.longValue(data, "vmid"),
                type,
                PveJson.string(data, "name"),
                PveJson.string(data, "status"),
                PveJson.string(data, "qmpstatus"),
                lock == null || lock.isEmpty() ? null : lock,
                PveJson.bool(data, "template"),
                PveJson.doubleValue(data, "cpu"),
                PveJson.longValue(data, "mem"),
                PveJson.longValue(data, "maxmem"),
                PveJson.longValue(data, "uptime"));
    }
}
