package io.corral.pvesim;

import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/** A VM or container. Its mutable run state is guarded by the guest's own monitor. */
public final class Guest {

    private static final long GIB = 1024L * 1024 * 1024;

    private final int vmid;
    private final GuestType type;
    private final String node;
    private final String name;
    private final boolean template;
    private final int cores;
    private final long maxmem;
    private final long maxdisk;
    private final long disk;
    private final double load;
    private final long memInUse;

    private RunState state;
    private String lock;
    private Instant startedAt;
    private int pid;

    Guest(String node, Seed.SeedGuest seed, Instant now) {
        this.vmid = seed.vmid();
        this.type = GuestType.fromApiName(seed.type());
        this.node = node;
        this.name = seed.name() == null ? (type == GuestType.QEMU ? "VM" : "CT") + vmid : seed.name();
        this.template = Boolean.TRUE.equals(seed.template());
        this.cores = seed.cores() == null ? 1 : seed.cores();
        this.maxmem = seed.maxmem() == null ? 2 * GIB : seed.maxmem();
        this.maxdisk = seed.maxdisk() == null ? 32 * GIB : seed.maxdisk();
        // QEMU cannot see inside its disks, so PVE reports 0 used disk for VMs.
        this.disk = type == GuestType.QEMU ? 0 : (seed.disk() == null ? maxdisk / 5 : seed.disk());
        this.load = seed.cpu() == null ? 0.02 : seed.cpu();
        this.memInUse = seed.mem() == null ? maxmem * 2 / 5 : seed.mem();
        this.lock = seed.lock();
        RunState initial = template ? RunState.STOPPED : RunState.fromSeed(seed.status());
        setState(initial, now.minusSeconds(3_600L + vmid * 97L));
    }

    public int vmid() {
        return vmid;
    }

    public GuestType type() {
        return type;
    }

    public String node() {
        return node;
    }

    public String name() {
        return name;
    }

    public boolean isTemplate() {
        return template;
    }

    public int cores() {
        return cores;
    }

    public long maxmem() {
        return maxmem;
    }

    public long maxdisk() {
        return maxdisk;
    }

    public synchronized RunState state() {
        return state;
    }

    public synchronized String lock() {
        return lock;
    }

    public synchronized void setLock(String lock) {
        this.lock = lock;
    }

    /** Moves the guest to a run state; a guest that starts gets a new PID and uptime 0. */
    public synchronized void setState(RunState next, Instant now) {
        if (next.isRunning() && (state == null || !state.isRunning())) {
            startedAt = now;
            pid = ThreadLocalRandom.current().nextInt(1_000, 4_000_000);
        } else if (!next.isRunning()) {
            startedAt = null;
            pid = 0;
        }
        state = next;
    }

    /** A consistent view of the guest's figures at {@code now}. */
    public synchronized Snapshot snapshot(Instant now) {
        boolean running = state.isRunning();
        long uptime = running ? Math.max(0, now.getEpochSecond() - startedAt.getEpochSecond()) : 0;
        return new Snapshot(vmid, type, node, name, template, cores, maxmem, maxdisk, disk, state, lock,
                running ? pid : 0, uptime,
                running ? load : 0, running ? memInUse : 0,
                uptime * 1_350, uptime * 910, uptime * 52_000, uptime * 31_000);
    }

    /** Figures of one guest at one instant, as the API views render them. */
    public record Snapshot(int vmid, GuestType type, String node, String name, boolean template, int cores,
                           long maxmem, long maxdisk, long disk, RunState state, String lock, int pid,
                           long uptime, double cpu, long mem, long netin, long netout, long diskread,
                           long diskwrite) {
    }
}
