package io.corral.pvesim;

import java.time.Instant;

/** A cluster node. Immutable: its load figures are the seed's; only its uptime moves. */
public record Node(String name, int maxcpu, long maxmem, long mem, long maxdisk, long disk, double cpu,
                   Instant bootedAt) {

    private static final long GIB = 1024L * 1024 * 1024;

    static Node fromSeed(Seed.SeedNode seed, Instant now) {
        long maxmem = orDefault(seed.maxmem(), 64 * GIB);
        long maxdisk = orDefault(seed.maxdisk(), 100 * GIB);
        // A node booted some days ago, different per node so the numbers do not look copied.
        Instant booted = now.minusSeconds(86_400L * 9 + Math.floorMod(seed.name().hashCode(), 86_400));
        return new Node(seed.name(),
                seed.maxcpu() == null ? 16 : seed.maxcpu(),
                maxmem, orDefault(seed.mem(), maxmem / 3),
                maxdisk, orDefault(seed.disk(), maxdisk / 8),
                seed.cpu() == null ? 0.05 : seed.cpu(),
                booted);
    }

    public long uptime(Instant now) {
        return now.getEpochSecond() - bootedAt.getEpochSecond();
    }

    /** Process start times (PSTART) count clock ticks since boot, 100 per second. */
    public long jiffies(Instant now) {
        return uptime(now) * 100;
    }

    /** A stable fake SHA-256 fingerprint of the node certificate. */
    public String sslFingerprint() {
        StringBuilder fp = new StringBuilder();
        int h = name.hashCode();
        for (int i = 0; i < 32; i++) {
            h = h * 31 + i;
            fp.append(i == 0 ? "" : ":").append(String.format("%02X", h & 0xFF));
        }
        return fp.toString();
    }

    private static long orDefault(Long value, long fallback) {
        return value == null ? fallback : value;
    }
}
