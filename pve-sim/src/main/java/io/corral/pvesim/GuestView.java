package io.corral.pvesim;

import java.util.LinkedHashMap;
import java.util.Map;

/** How the API lists and describes a guest, field for field as PVE 8 does. */
final class GuestView {

    private GuestView() {
    }

    /** An entry of {@code GET /nodes/{node}/qemu} or {@code /lxc}. */
    static Map<String, Object> listEntry(Guest.Snapshot g) {
        Map<String, Object> entry = usage(g);
        if (g.type() == GuestType.LXC) {
            entry.put("type", "lxc");
            entry.put("template", g.template() ? 1 : 0);
            entry.put("swap", 0);
            entry.put("maxswap", g.maxmem());
        } else if (g.template()) {
            entry.put("template", 1);
        }
        return entry;
    }

    /** {@code GET …/{vmid}/status/current}. */
    static Map<String, Object> current(Guest.Snapshot g) {
        Map<String, Object> current = usage(g);
        current.put("ha", Map.of("managed", 0));
        if (g.type() == GuestType.QEMU) {
            current.put("qmpstatus", g.state().qmpStatus());
            current.put("agent", 1);
            if (g.state().isRunning()) {
                current.put("running-machine", "pc-i440fx-9.0+pve0");
                current.put("running-qemu", "9.0.2");
            }
        } else {
            current.put("type", "lxc");
            current.put("swap", 0);
            current.put("maxswap", g.maxmem());
        }
        if (g.template()) {
            current.put("template", 1);
        }
        return current;
    }

    /** A {@code type=vm} entry of {@code GET /cluster/resources}. */
    static Map<String, Object> clusterEntry(Guest.Snapshot g) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", g.type().apiName() + "/" + g.vmid());
        entry.put("type", g.type().apiName());
        entry.put("node", g.node());
        entry.put("vmid", g.vmid());
        entry.put("name", g.name());
        entry.put("status", g.state().status());
        entry.put("template", g.template() ? 1 : 0);
        entry.put("cpu", g.cpu());
        entry.put("maxcpu", g.cores());
        entry.put("mem", g.mem());
        entry.put("maxmem", g.maxmem());
        entry.put("disk", g.disk());
        entry.put("maxdisk", g.maxdisk());
        entry.put("netin", g.netin());
        entry.put("netout", g.netout());
        entry.put("diskread", g.diskread());
        entry.put("diskwrite", g.diskwrite());
        entry.put("uptime", g.uptime());
        if (g.lock() != null) {
            entry.put("lock", g.lock());
        }
        return entry;
    }

    private static Map<String, Object> usage(Guest.Snapshot g) {
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("vmid", g.vmid());
        usage.put("name", g.name());
        usage.put("status", g.state().status());
        usage.put("cpu", g.cpu());
        usage.put("cpus", g.cores());
        usage.put("mem", g.mem());
        usage.put("maxmem", g.maxmem());
        usage.put("disk", g.disk());
        usage.put("maxdisk", g.maxdisk());
        usage.put("netin", g.netin());
        usage.put("netout", g.netout());
        usage.put("diskread", g.diskread());
        usage.put("diskwrite", g.diskwrite());
        usage.put("uptime", g.uptime());
        if (g.pid() != 0) {
            usage.put("pid", g.pid());
        }
        if (g.lock() != null) {
            usage.put("lock", g.lock());
        }
        return usage;
    }
}
