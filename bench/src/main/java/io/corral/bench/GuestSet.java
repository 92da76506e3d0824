package io.corral.bench;

/**
 * The guests one emulated agent reports: {@code count} guests on one node, VMIDs from 100, named
 * {@code s<agent>-vm<i>}, all running at first. Each {@link #beat} changes the status of
 * {@code changes} guests (round robin over the set, running ↔ stopped) and writes the whole
 * inventory as a heartbeat body, as a real agent does on every beat. Not thread-safe: one agent's
 * beats never overlap.
 */
final class GuestSet {

    private static final long MEM = 268_435_456L;
    private static final long MAXMEM = 1_073_741_824L;
    private static final long MAXDISK = 10_737_418_240L;

    private final int agent;
    private final boolean[] running;
    private final int changes;
    private final String startedAt;
    private final byte[] node;
    private long next;
    private long flips;

    GuestSet(int agent, int count, int changes, String startedAt) {
        this.agent = agent;
        this.running = new boolean[count];
        java.util.Arrays.fill(running, true);
        this.changes = Math.min(changes, count);
        this.startedAt = startedAt;
        this.node = LeanHttp.ascii("pve" + (agent % 4 + 1));
    }

    int size() { return running.length; }

    boolean running(int guest) { return running[guest]; }

    /** Status changes made so far. */
    long flips() { return flips; }

    /** Flips the next {@code changes} guests' status (skipped on the very first beat, which reports all running). */
    void change() {
        for (int k = 0; k < changes; k++) {
            int g = (int) (next++ % running.length);
            running[g] = !running[g];
            flips++;
        }
    }

    /** Changes a few guests (not on the first beat), then writes the heartbeat body into {@code json}. */
    void beat(JsonBytes json, long round, long uptimeSeconds) {
        if (round > 0) {
            change();
        }
        write(json, uptimeSeconds);
    }

    void write(JsonBytes json, long uptimeSeconds) {
        json.reset().raw("{\"version\":\"bench\",\"startedAt\":\"").raw(startedAt)
                .raw("\",\"heartbeatSeconds\":10,\"capabilities\":[\"proxmox.status\",\"proxmox.list\"],\"inFlight\":[],")
                .raw("\"pve\":{\"reachable\":true,\"version\":\"8.2.4\"},")
                .raw("\"nodes\":[{\"name\":\"").raw(node).raw("\",\"status\":\"online\",\"cpu\":0.1,\"maxcpu\":32,")
                .raw("\"mem\":68719476736,\"maxmem\":274877906944,\"uptime\":").number(uptimeSeconds).raw("}],\"guests\":[");
        for (int i = 0; i < running.length; i++) {
            boolean on = running[i];
            json.raw("{\"node\":\"").raw(node).raw("\",\"vmid\":").number(100 + i).raw(",\"type\":\"qemu\",\"name\":\"s")
                    .number(agent).raw("-vm").number(i).raw(on ? "\",\"status\":\"running\",\"template\":false,\"cpu\":0.01,"
                            : "\",\"status\":\"stopped\",\"template\":false,\"cpu\":0,")
                    .raw("\"mem\":").number(on ? MEM : 0).raw(",\"maxmem\":").number(MAXMEM).raw(",\"maxdisk\":").number(MAXDISK)
                    .raw(",\"uptime\":").number(on ? uptimeSeconds : 0).raw("},");
        }
        json.trimComma().raw("]}");
    }
}
