package io.corral.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The sizing reading of the scale benchmark: from the measured cost of one lifecycle (a window of
 * command load alone) and of the mixed window (heartbeats and lifecycles together), the cost of one
 * heartbeat, then what a target fleet needs. Pure arithmetic, every step written out.
 */
final class ScaleSizing {

    /** Resources used per second over a window: cores of both instances together, PostgreSQL cores, rows, WAL, xacts. */
    record Usage(double cpCores, double pgCores, double rowsPerSecond, double walBytesPerSecond, double xactsPerSecond) {
        Usage minus(Usage o) {
            return new Usage(cpCores - o.cpCores, pgCores - o.pgCores, rowsPerSecond - o.rowsPerSecond,
                    walBytesPerSecond - o.walBytesPerSecond, xactsPerSecond - o.xactsPerSecond);
        }

        Usage times(double k) {
            return new Usage(cpCores * k, pgCores * k, rowsPerSecond * k, walBytesPerSecond * k, xactsPerSecond * k);
        }

        Usage plus(Usage o) {
            return minus(o.times(-1));
        }
    }

    /** The fleet to size for: heartbeats per second (agents / period), guests per heartbeat, lifecycles per second. */
    record Target(int agents, int guestsPerAgent, int periodSeconds, double lifecyclesPerSecond) {
        double heartbeatsPerSecond() {
            return agents / (double) periodSeconds;
        }
    }

    /** Per unit: cost of one lifecycle, of one heartbeat (of {@code guests} guests). */
    record Unit(Usage perLifecycle, Usage perHeartbeat) {
    }

    private ScaleSizing() {
    }

    /**
     * One lifecycle = (the command-alone window's usage − idle) / its lifecycles per second; one heartbeat =
     * (the fleet-alone window's usage − idle) / its heartbeats per second.
     */
    static Unit unit(Usage idle, Usage commandsAlone, double lifecyclesAlone, Usage fleetAlone, double heartbeats) {
        Usage perLifecycle = commandsAlone.minus(idle).times(1 / lifecyclesAlone);
        Usage perHeartbeat = fleetAlone.minus(idle).times(1 / heartbeats);
        return new Unit(perLifecycle, perHeartbeat);
    }

    /** What the target needs per second: idle + heartbeats × one heartbeat + lifecycles × one lifecycle. */
    static Usage need(Usage idle, Unit unit, Target target) {
        return idle.plus(unit.perHeartbeat().times(target.heartbeatsPerSecond()))
                .plus(unit.perLifecycle().times(target.lifecyclesPerSecond()));
    }

    /**
     * Instances: enough that none is busier than {@code busyShare} of its {@code coresPerInstance}, and at
     * least two (one can fail or be upgraded).
     */
    static int instances(double cpCores, int coresPerInstance, double busyShare) {
        return Math.max(2, (int) Math.ceil(cpCores / (coresPerInstance * busyShare) - 1e-9));
    }

    /** -Xmx per instance: three times the live heap after a full GC, in steps of 256 MB, at least 512 MB. */
    static int heapMb(double liveMbPerInstance) {
        int steps = (int) Math.ceil(liveMbPerInstance * 3 / 256 - 1e-9);
        return Math.max(512, steps * 256);
    }

    /** The sizing reading as markdown lines, the arithmetic shown. */
    static List<String> describe(Usage idle, Unit unit, Usage aloneUsage, double lifecyclesAlone, Usage fleetUsage,
                                 double heartbeats, Usage mixedUsage, double heartbeatsMixed, double lifecyclesMixed,
                                 int guestsMeasured, Target target,
                                 double liveMbPerInstance, int agentsPerInstanceMeasured, int coresPerInstance,
                                 double busyShare) {
        List<String> out = new ArrayList<>();
        Usage l = unit.perLifecycle();
        Usage h = unit.perHeartbeat();
        out.add(String.format("Idle (two instances, command agents holding polls, no load): control plane %.3f cores, "
                        + "PostgreSQL %.3f cores, %.1f rows/s, %.0f WAL bytes/s, %.1f transactions/s", idle.cpCores(),
                idle.pgCores(), idle.rowsPerSecond(), idle.walBytesPerSecond(), idle.xactsPerSecond()));
        out.add(String.format("One lifecycle (command load alone, %.1f lifecycles/s): control plane (%.3f − %.3f) / %.1f = "
                        + "%.0f µs CPU, PostgreSQL (%.3f − %.3f) / %.1f = %.0f µs, %.1f rows, %.0f WAL bytes, %.2f transactions",
                lifecyclesAlone, aloneUsage.cpCores(), idle.cpCores(), lifecyclesAlone, l.cpCores() * 1e6,
                aloneUsage.pgCores(), idle.pgCores(), lifecyclesAlone, l.pgCores() * 1e6,
                l.rowsPerSecond(), l.walBytesPerSecond(), l.xactsPerSecond()));
        out.add(String.format("One heartbeat of %d guests (fleet alone, %.1f heartbeats/s): control plane (%.3f − %.3f) / "
                        + "%.1f = %.0f µs CPU, PostgreSQL (%.3f − %.3f) / %.1f = %.0f µs, %.1f rows, %.0f WAL bytes, "
                        + "%.2f transactions", guestsMeasured, heartbeats, fleetUsage.cpCores(), idle.cpCores(), heartbeats,
                h.cpCores() * 1e6, fleetUsage.pgCores(), idle.pgCores(), heartbeats, h.pgCores() * 1e6,
                h.rowsPerSecond(), h.walBytesPerSecond(), h.xactsPerSecond()));
        Usage predicted = idle.plus(h.times(heartbeatsMixed)).plus(l.times(lifecyclesMixed));
        out.add(String.format("Check on the mixed window (%.1f heartbeats/s and %.1f lifecycles/s together): predicted "
                        + "idle + both = control plane %.3f cores, PostgreSQL %.3f, %,.0f rows/s; measured %.3f, %.3f, %,.0f rows/s",
                heartbeatsMixed, lifecyclesMixed, predicted.cpCores(), predicted.pgCores(), predicted.rowsPerSecond(),
                mixedUsage.cpCores(), mixedUsage.pgCores(), mixedUsage.rowsPerSecond()));
        if (l.cpCores() <= 0 || h.cpCores() <= 0 || l.pgCores() <= 0 || h.pgCores() <= 0) {
            out.add("A cost per unit came out ≤ 0: the machine's noise was larger than that part's signal, so the figures "
                    + "below that use it are not usable");
        }
        Usage need = need(idle, unit, target);
        out.add(String.format("Target: %,d agents × %d guests = %,d VMs, heartbeat every %d s = %.0f heartbeats/s, plus %.0f "
                        + "lifecycles/s", target.agents(), target.guestsPerAgent(), target.agents() * target.guestsPerAgent(),
                target.periodSeconds(), target.heartbeatsPerSecond(), target.lifecyclesPerSecond()));
        out.add(String.format("Control-plane CPU: %.3f idle + %.0f × %.0f µs + %.0f × %.0f µs = %.2f cores in all",
                idle.cpCores(), target.heartbeatsPerSecond(), h.cpCores() * 1e6, target.lifecyclesPerSecond(),
                l.cpCores() * 1e6, need.cpCores()));
        int n = instances(need.cpCores(), coresPerInstance, busyShare);
        out.add(String.format("Instances: at most %.0f %% busy on %d cores each → max(2, ⌈%.2f / %.1f⌉) = %d instances, "
                        + "%.2f cores each", busyShare * 100, coresPerInstance, need.cpCores(), coresPerInstance * busyShare, n,
                need.cpCores() / n));
        out.add(String.format("PostgreSQL CPU: %.3f idle + %.0f × %.0f µs + %.0f × %.0f µs = %.2f cores", idle.pgCores(),
                target.heartbeatsPerSecond(), h.pgCores() * 1e6, target.lifecyclesPerSecond(), l.pgCores() * 1e6,
                need.pgCores()));
        out.add(String.format("PostgreSQL writes: %,.0f rows/s, %,.0f transactions/s, WAL %.2f MB/s (%.0f GB a day before "
                        + "checkpoints recycle it)", need.rowsPerSecond(), need.xactsPerSecond(),
                need.walBytesPerSecond() / 1e6, need.walBytesPerSecond() * 86_400 / 1e9));
        out.add(String.format("Heap: live set after a full GC %.0f MB per instance with %d of the agents on it; "
                        + "-Xmx = max(512, 3 × live, in 256 MB steps) = "
                        + "%d MB per instance", liveMbPerInstance, agentsPerInstanceMeasured, heapMb(liveMbPerInstance)));
        return out;
    }
}
