package io.corral.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Many held long-polls: opens N {@code next?wait=60} polls spread over the agents (nothing is
 * queued, so all stay held), then reads the control-plane JVM's live threads and heap (before
 * and after a full GC) while they are held, and lets them run out (204).
 */
final class HeldPolls {

    /** Start-up pools (Payara's deployment executors, hk2 run-level threads) end 60 s after their last task. */
    static final int SETTLED_UPTIME_SECONDS = 90;

    private final String controlPlaneUrl;
    private final AgentFleet fleet;
    private final Report report;
    private final ControlPlaneProbe probe;
    private final int port;

    HeldPolls(String controlPlaneUrl, int port, AgentFleet fleet, Report report, ControlPlaneProbe probe) {
        this.controlPlaneUrl = controlPlaneUrl;
        this.port = port;
        this.fleet = fleet;
        this.report = report;
        this.probe = probe;
    }

    void run(int polls, int waitSeconds, int openPerSecond) throws Exception {
        String section = "Held long-polls";
        double waited = awaitStartupPoolsGone();
        if (waited >= 1) {
            report.detail(section, String.format("waited %.0f s before the idle reading, until the control plane had run "
                    + "%d s: the pools that only its start uses (hk2 run levels, deployment executors) end after 60 s idle",
                    waited, SETTLED_UPTIME_SECONDS));
        }
        Reading idle = read("idle (no polls held)");
        Api held = new Api(controlPlaneUrl, 4, "held");
        Map<String, LongAdder> statuses = new ConcurrentHashMap<>();
        LongAdder early = new LongAdder();
        CountDownLatch done = new CountDownLatch(polls);
        List<BenchAgent> agents = fleet.agents();
        long period = 1_000_000_000L / openPerSecond;
        long start = System.nanoTime();
        long earlyBefore = start + (long) (waitSeconds * 0.85e9); // the server jitters waits by up to 10 %
        for (int i = 0; i < polls; i++) {
            long due = start + i * period;
            long now;
            while ((now = System.nanoTime()) < due) {
                LockSupport.parkNanos(due - now);
            }
            BenchAgent agent = agents.get(i % agents.size());
            held.send("GET", "/api/v1/agent/commands/next?wait=" + waitSeconds + "&max=10", agent.token, null,
                            Duration.ofSeconds(waitSeconds + 60))
                    .whenComplete((r, e) -> {
                        String key = e != null ? AgentFleet.rootCause(e).getClass().getSimpleName() : Integer.toString(r.status());
                        statuses.computeIfAbsent(key, k -> new LongAdder()).increment();
                        if (System.nanoTime() < earlyBefore) {
                            early.increment();
                        }
                        done.countDown();
                    });
        }
        double openSeconds = (System.nanoTime() - start) / 1e9;
        long established = awaitConnections(polls, Duration.ofSeconds(20));
        // the server may still be parsing, touching and parking the last polls: read once it is quiet
        long settleStart = System.nanoTime();
        while (CpuMeter.coresOf(probe.pid(), 1_000) > 0.25 && System.nanoTime() - settleStart < 25e9) {
            // keep waiting
        }
        double settled = (System.nanoTime() - settleStart) / 1e9;
        Thread.sleep(1_000);
        Reading holding = read("holding " + polls + " polls");
        long answeredWhileHolding = polls - done.getCount();
        established = Math.max(established, serverConnections());

        report.row("Held polls", "polls held (server-side ESTABLISHED conns)", String.format("%,d of %,d (%,d)",
                polls - answeredWhileHolding, polls, established), "10,000", polls - answeredWhileHolding >= 10_000);
        report.row("Held polls", "control-plane live threads (MP Metrics thread_count)", holding.metricThreads(), "<= 64",
                holding.threads() < 0 ? null : holding.threads() <= 64);
        report.row("Held polls", "control-plane OS threads (/proc Threads:)", Long.toString(holding.osThreads()), "", null);
        report.row("Held polls", "heap used after full GC (MP Metrics)", holding.heapAfterGc(), "<= 512 MB",
                holding.heapAfterGcMb() < 0 ? null : holding.heapAfterGcMb() <= 512);
        report.row("Held polls", "heap used before GC / RSS", holding.heapBeforeGc() + " / " + holding.rssMb(), "", null);
        report.row("Held polls", "idle: threads / heap after GC / RSS", idle.metricThreads() + " / " + idle.heapAfterGc()
                + " / " + idle.rssMb(), "", null);
        report.detail(section, String.format("opened %,d polls over %d agents in %.1f s (%d/s), wait=%d s; the control "
                        + "plane's CPU fell below 0.25 cores %.1f s after the last was opened; read 1 s later; %,d answered "
                        + "by then", polls, agents.size(), openSeconds, openPerSecond, waitSeconds, settled,
                answeredWhileHolding));
        report.detail(section, "idle: " + idle);
        report.detail(section, "holding: " + holding);
        report.detail(section, "live threads per pool (`jcmd <pid> Thread.print` right after each reading, names with "
                + "digits as N):");
        ThreadHistogram.table(List.of("idle", "holding " + polls), List.of(idle.histogram(), holding.histogram()))
                .forEach(line -> report.detail(section, line));
        report.detail(section, String.format("heap per held poll ≈ %.1f KB (after GC, holding minus idle)",
                (holding.heapAfterGcMb() - idle.heapAfterGcMb()) * 1024 / Math.max(1, polls - answeredWhileHolding)));

        if (!done.await(waitSeconds + 60L, TimeUnit.SECONDS)) {
            report.detail(section, done.getCount() + " polls had not been answered " + (waitSeconds + 60) + " s later");
        }
        Map<String, Long> counts = new TreeMap<>();
        statuses.forEach((k, v) -> counts.put(k, v.sum()));
        report.detail(section, "answers: " + counts + "; answered before 85 % of the wait (i.e. not held): " + early.sum());
        report.row("Held polls", "released: answers", counts.toString(), "all 204", counts.getOrDefault("204", 0L) == polls);
    }

    private double awaitStartupPoolsGone() throws IOException, InterruptedException {
        long start = System.nanoTime();
        double uptime = probe.uptimeSeconds();
        if (uptime < SETTLED_UPTIME_SECONDS) {
            Thread.sleep((long) ((SETTLED_UPTIME_SECONDS - uptime) * 1000));
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private long awaitConnections(int polls, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long n = serverConnections();
        while (n < polls && System.nanoTime() < deadline) {
            Thread.sleep(500);
            n = serverConnections();
        }
        return n;
    }

    /** Established TCP connections whose local port is the control plane's (its side of every connection). */
    private long serverConnections() {
        try {
            String out = ControlPlaneProbe.run(List.of("ss", "-Htn", "state", "established", "( sport = :" + port + " )"),
                    Duration.ofSeconds(20));
            return out.lines().filter(l -> !l.isBlank()).count();
        } catch (Exception e) {
            return -1;
        }
    }

    record Reading(String label, double threads, long osThreads, double heapBeforeGcMb, double heapAfterGcMb,
                   OptionalDouble heapInfoMb, long rssKb, ThreadHistogram histogram) {
        String metricThreads() { return threads < 0 ? "n/a" : String.format("%.0f", threads); }
        String heapBeforeGc() { return String.format("%.0f MB", heapBeforeGcMb); }
        String heapAfterGc() { return String.format("%.0f MB", heapAfterGcMb); }
        String rssMb() { return String.format("%.0f MB RSS", rssKb / 1024.0); }

        @Override
        public String toString() {
            return String.format("%s: %s live threads (thread_count), %d OS threads, heap %s before / %s after GC "
                            + "(jcmd GC.heap_info after GC: %s), %s; thread dump: %d live (%d Java) + %d native threads", label,
                    metricThreads(), osThreads, heapBeforeGc(), heapAfterGc(),
                    heapInfoMb.isPresent() ? String.format("%.0f MB", heapInfoMb.getAsDouble()) : "n/a", rssMb(),
                    histogram.liveThreads(), histogram.javaThreads(), histogram.nativeThreads());
        }
    }

    private Reading read(String label) throws Exception {
        Map<String, Double> before = probe.metrics();
        double heapBefore = ControlPlaneProbe.metric(before, ControlPlaneProbe.HEAP_USED).orElse(-1) / 1048576;
        probe.gc();
        Map<String, Double> after = probe.metrics();
        long osThreads = probe.osThreads();
        OptionalDouble heapInfo = probe.heapInfoUsedMb();
        long rss = probe.rssKb();
        // the dump comes last: it stops the JVM for a moment and starts its attach listener
        ThreadHistogram histogram = ThreadHistogram.parse(probe.jcmd("Thread.print"));
        return new Reading(label, ControlPlaneProbe.metric(after, ControlPlaneProbe.THREADS).orElse(-1),
                osThreads, heapBefore, ControlPlaneProbe.metric(after, ControlPlaneProbe.HEAP_USED).orElse(-1) / 1048576,
                heapInfo, rss, histogram);
    }
}
