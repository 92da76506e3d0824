package io.corral.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time spent by each part of the stack over an interval, from /proc (user + system clock
 * ticks): the control plane, PostgreSQL (postmaster and its backends), the launcher's own agent,
 * this benchmark's JVM alone (the emulated agents and enqueuers) and the whole machine.
 */
final class CpuMeter {

    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

    private final Map<String, Long> roots = new LinkedHashMap<>();

    CpuMeter(long controlPlanePid, Path dataDir) throws IOException {
        roots.put("control plane", controlPlanePid);
        Path postmaster = dataDir.resolve("pg/postmaster.pid");
        if (Files.exists(postmaster)) {
            roots.put("PostgreSQL", Long.parseLong(Files.readAllLines(postmaster).get(0).trim()));
        }
        Path agent = dataDir.resolve("payara/agent.pid");
        if (Files.exists(agent)) {
            roots.put("launcher's agent", Long.parseLong(Files.readString(agent).trim()));
        }
        roots.put("bench client", ProcessHandle.current().pid());
    }

    /**
     * Explicit parts, name to root pid (each with its descendants), plus "bench client" (this JVM
     * alone, without the processes it started).
     */
    CpuMeter(Map<String, Long> parts) {
        roots.putAll(parts);
        roots.put("bench client", ProcessHandle.current().pid());
    }

    /** The pid of the embedded PostgreSQL's postmaster under {@code dataDir}, or -1. */
    static long postmasterPid(Path dataDir) throws IOException {
        Path postmaster = dataDir.resolve("pg/postmaster.pid");
        return Files.exists(postmaster) ? Long.parseLong(Files.readAllLines(postmaster).get(0).trim()) : -1;
    }

    /** CPU seconds so far of each part, and "machine busy" for all CPUs together. */
    Map<String, Double> snapshot() {
        Map<String, Double> out = new LinkedHashMap<>();
        // the benchmark JVM is the parent of the Payara and PostgreSQL processes: only its own time
        roots.forEach((name, pid) -> out.put(name, (name.equals("bench client") ? ticks(pid) : treeTicks(pid)) / TICKS_PER_SECOND));
        out.put("machine busy", machineBusyTicks() / TICKS_PER_SECOND);
        return out;
    }

    /** Cores used by each part between two snapshots taken {@code seconds} apart. */
    static Map<String, Double> cores(Map<String, Double> before, Map<String, Double> after, double seconds) {
        Map<String, Double> out = new LinkedHashMap<>();
        after.forEach((k, v) -> out.put(k, (v - before.getOrDefault(k, 0.0)) / seconds));
        double parts = out.entrySet().stream().filter(e -> !e.getKey().equals("machine busy"))
                .mapToDouble(Map.Entry::getValue).sum();
        out.put("other processes on the machine", out.get("machine busy") - parts);
        return out;
    }

    /** Cores the process used over the next {@code millis}. */
    static double coresOf(long pid, long millis) throws InterruptedException {
        long before = ticks(pid);
        Thread.sleep(millis);
        return (ticks(pid) - before) / TICKS_PER_SECOND / (millis / 1000.0);
    }

    private static long treeTicks(long pid) {
        return ProcessHandle.of(pid).map(h -> Stream.concat(Stream.of(h), h.descendants())
                .mapToLong(p -> ticks(p.pid())).sum()).orElse(0L);
    }

    private static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long machineBusyTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                if (i != 4 && i != 5) { // idle, iowait
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
