package io.corral.pvesim;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A VM or container. Its mutable parts (run state, config lock, node, editable config) are guarded
 * by the guest's own monitor.
 */
public final class Guest {

    private static final long GIB = 1024L * 1024 * 1024;

    private final int vmid;
    private final GuestType type;
    private final boolean template;
    private final long maxdisk;
    private final long disk;
    private final double load;
    private final long memInUse;

    private String node;
    private String name;
    private int cores;
    private long maxmem;
    private final Map<String, String> extraConfig = new TreeMap<>();
    /** True for a guest made by a create: its config is what the call gave, not one derived from figures. */
    private boolean givenConfig;
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

    /** The half-made copy a clone creates: stopped, not a template, {@code lock: clone}. */
    static Guest cloneOf(Guest source, int newid, String name, String description, Instant now) {
        Guest.Snapshot s = source.snapshot(now);
        Seed.SeedGuest seed = new Seed.SeedGuest(newid, s.type().apiName(), name, "stopped", false, s.cores(),
                s.maxmem(), null, s.maxdisk(), s.type() == GuestType.LXC ? s.disk() : null, null, "clone");
        Guest copy = new Guest(s.node(), seed, now);
        if (description != null) {
            copy.extraConfig.put("description", description);
        }
        return copy;
    }

    /**
     * The half-made guest a create makes: stopped, {@code lock: create}, with the call's config
     * ({@code name}/{@code hostname}, {@code cores} and {@code memory} become its figures).
     */
    static Guest created(String node, GuestType type, int vmid, long maxdisk, Map<String, String> config,
                         Instant now) {
        String memory = config.get("memory");
        long maxmem = (memory == null ? 512L : memoryMiB(memory)) << 20;
        Seed.SeedGuest seed = new Seed.SeedGuest(vmid, type.apiName(), null, "stopped", false, 1, maxmem, null,
                maxdisk, type == GuestType.LXC ? Math.min(maxdisk, 420L << 20) : null, null, CreateOperation.LOCK);
        Guest guest = new Guest(node, seed, now);
        guest.givenConfig = true;
        config.forEach(guest::configure);
        return guest;
    }

    public int vmid() {
        return vmid;
    }

    public GuestType type() {
        return type;
    }

    public synchronized String node() {
        return node;
    }

    synchronized void moveTo(String node) {
        this.node = node;
    }

    public synchronized String name() {
        return name;
    }

    public boolean isTemplate() {
        return template;
    }

    public synchronized int cores() {
        return cores;
    }

    public synchronized long maxmem() {
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

    /** Sets {@code lock} if the guest has none; returns the lock that was in the way, or null on success. */
    synchronized String tryLock(String wanted) {
        if (lock != null) {
            return lock;
        }
        lock = wanted;
        return null;
    }

    /** Clears the lock if it still is {@code held}. */
    synchronized void unlock(String held) {
        if (held.equals(lock)) {
            lock = null;
        }
    }

    /** True when the config is the one a create call gave (see {@link GuestConfig}). */
    synchronized boolean hasGivenConfig() {
        return givenConfig;
    }

    /** Config keys set through the API that the guest has no figure for (description, tags, …). */
    public synchronized Map<String, String> extraConfig() {
        return Map.copyOf(extraConfig);
    }

    /** Applies one config change; {@code value == null} deletes the key. */
    synchronized void configure(String key, String value) {
        switch (key) {
            case "name", "hostname" -> name = value == null ? (type == GuestType.QEMU ? "VM" : "CT") + vmid : value;
            case "cores" -> cores = value == null ? 1 : Integer.parseInt(value);
            case "memory" -> maxmem = value == null ? 512L << 20 : memoryMiB(value) << 20;
            default -> {
                if (value == null) {
                    extraConfig.remove(key);
                } else {
                    extraConfig.put(key, value);
                }
            }
        }
    }

    /** {@code 2048} or {@code current=2048}. */
    private static long memoryMiB(String value) {
        String digits = value.replaceAll("^(current=)?(\\d+).*$", "$2");
        return Long.parseLong(digits);
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
                running ? load : 0, running ? Math.min(memInUse, maxmem) : 0,
                uptime * 1_350, uptime * 910, uptime * 52_000, uptime * 31_000);
    }

    /** Figures of one guest at one instant, as the API views render them. */
    public record Snapshot(int vmid, GuestType type, String node, String name, boolean template, int cores,
                           long maxmem, long maxdisk, long disk, RunState state, String lock, int pid,
                           long uptime, double cpu, long mem, long netin, long netout, long diskread,
                           long diskwrite) {
    }
}
