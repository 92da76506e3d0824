package io.corral.agent.pve;

import jakarta.json.JsonObject;

/**
 * One entry of {@code GET /nodes}. Proxmox leaves out the figures of an offline node; they read
 * as 0 here.
 */
public record PveNode(String name, String status, double cpu, long maxcpu, long mem, long maxmem,
                      long uptime) {

    public static PveNode fromJson(JsonObject entry) {
        return new PveNode(
                PveJson.string(entry, "node"),
                PveJson.string(entry, "status"),
                PveJson.doubleValue(entry, "cpu"),
                PveJson.longValue(entry, "maxcpu"),
                PveJson.longValue(entry, "mem"),
                PveJson.longValue(entry, "maxmem"),
                PveJson.longValue(entry, "uptime"));
    }
}
