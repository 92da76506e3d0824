package io.corral.agent.pve;

import jakarta.json.JsonObject;

/**
 * A virtual machine ({@code qemu}) or container ({@code lxc}), as listed by
 * {@code GET /cluster/resources?type=vm}. {@code lock} is null when the guest is not locked.
 */
public record PveGuest(String node, int vmid, String type, String name, String status,
                       boolean template, double cpu, double maxcpu, long mem, long maxmem,
                       long disk, long maxdisk, long uptime, String lock) {

    public static PveGuest fromJson(JsonObject entry) {
        String lock = PveJson.string(entry, "lock");
        return new PveGuest(
                PveJson.string(entry, "node"),
                (int) PveJson.longValue(entry, "vmid"),
                PveJson.string(entry, "type"),
                PveJson.string(entry, "name"),
                PveJson.string(entry, "status"),
                PveJson.bool(entry, "template"),
                PveJson.doubleValue(entry, "cpu"),
                PveJson.doubleValue(entry, "maxcpu"),
                PveJson.longValue(entry, "mem"),
                PveJson.longValue(entry, "maxmem"),
                PveJson.longValue(entry, "disk"),
                PveJson.longValue(entry, "maxdisk"),
                PveJson.longValue(entry, "uptime"),
                lock == null || lock.isEmpty() ? null : lock);
    }

    public boolean isVm() {
        return "qemu".equals(type);
    }

    public boolean isContainer() {
        return "lxc".equals(type);
    }
}
