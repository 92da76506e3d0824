package io.corral.pvesim;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /nodes}, {@code /nodes/{node}} and {@code /nodes/{node}/status}. */
final class NodeResource {

    static final String PVE_VERSION = "pve-manager/" + VersionResource.VERSION + "/" + VersionResource.REPO_ID;

    private static final List<String> NODE_INDEX = List.of("aplinfo", "apt", "capabilities", "ceph",
            "certificates", "config", "disks", "dns", "execute", "firewall", "hardware", "hosts", "journal", "lxc",
            "migrateall", "netstat", "network", "qemu", "query-url-metadata", "replication", "report", "rrd",
            "rrddata", "scan", "sdn", "services", "spiceshell", "startall", "status", "stopall", "storage",
            "subscription", "suspendall", "syslog", "tasks", "termproxy", "time", "version", "vncshell",
            "vncwebsocket", "vzdump", "wakeonlan");

    private final ClusterState state;
    private final Clock clock;
    private final String certificateSha256;

    /** {@code certificateSha256}: the served certificate's, shown as every node's; null: a made-up one. */
    NodeResource(ClusterState state, Clock clock, String certificateSha256) {
        this.state = state;
        this.clock = clock;
        this.certificateSha256 = certificateSha256;
    }

    void register(Router router) {
        router.add("GET", "/nodes", request -> state.nodes().stream().map(this::listEntry).toList());
        router.add("GET", "/nodes/{node}", request -> {
            state.requireNode(request.node());
            return NODE_INDEX.stream().map(name -> Map.of("name", name)).toList();
        });
        router.add("GET", "/nodes/{node}/status", request -> status(state.requireNode(request.node())));
    }

    /** A node as {@code GET /nodes} and {@code /cluster/resources} list it. */
    static Map<String, Object> listEntry(Node node, Instant now) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", "node/" + node.name());
        entry.put("type", "node");
        entry.put("node", node.name());
        entry.put("status", "online");
        entry.put("cpu", node.cpu());
        entry.put("maxcpu", node.maxcpu());
        entry.put("mem", node.mem());
        entry.put("maxmem", node.maxmem());
        entry.put("disk", node.disk());
        entry.put("maxdisk", node.maxdisk());
        entry.put("uptime", node.uptime(now));
        entry.put("level", "");
        return entry;
    }

    private Map<String, Object> listEntry(Node node) {
        Map<String, Object> entry = listEntry(node, clock.instant());
        entry.put("ssl_fingerprint", certificateSha256 == null ? node.sslFingerprint() : certificateSha256);
        return entry;
    }

    private Map<String, Object> status(Node node) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("cpu", node.cpu());
        status.put("wait", 0.0012);
        status.put("uptime", node.uptime(clock.instant()));
        status.put("loadavg", List.of(load(node, 1.0), load(node, 0.8), load(node, 0.7)));
        status.put("cpuinfo", Map.of("cpus", node.maxcpu(), "cores", Math.max(1, node.maxcpu() / 2), "sockets", 1,
                "model", "AMD EPYC 7302P 16-Core Processor", "mhz", "3000.000", "hvm", "1", "user_hz", 100));
        status.put("memory", Map.of("total", node.maxmem(), "used", node.mem(), "free", node.maxmem() - node.mem(),
                "available", node.maxmem() - node.mem()));
        status.put("swap", Map.of("total", 8L << 30, "used", 0, "free", 8L << 30));
        status.put("rootfs", Map.of("total", node.maxdisk(), "used", node.disk(),
                "avail", node.maxdisk() - node.disk(), "free", node.maxdisk() - node.disk()));
        status.put("ksm", Map.of("shared", 0));
        status.put("kversion", "Linux 6.8.12-1-pve #1 SMP PREEMPT_DYNAMIC PMX 6.8.12-1 (2024-08-05T16:17Z) x86_64");
        status.put("current-kernel", Map.of("sysname", "Linux", "release", "6.8.12-1-pve", "machine", "x86_64",
                "version", "#1 SMP PREEMPT_DYNAMIC PMX 6.8.12-1 (2024-08-05T16:17Z)"));
        status.put("boot-info", Map.of("mode", "efi", "secureboot", 0));
        status.put("pveversion", PVE_VERSION);
        return status;
    }

    private static String load(Node node, double factor) {
        return String.format(java.util.Locale.ROOT, "%.2f", node.cpu() * node.maxcpu() * factor);
    }
}
