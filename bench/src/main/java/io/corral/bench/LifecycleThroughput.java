package io.corral.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Full lifecycle throughput: enqueuer threads post commands round-robin to the emulated agents
 * as fast as the control plane takes them, while the agents' workers poll, start and report
 * each one. Throughput is succeeded results per second in the measured window (after a warm-up),
 * cross-checked against the database.
 */
final class LifecycleThroughput {

    private final Api api;
    private final String operatorToken;
    private final AgentFleet fleet;
    private final BenchSettings settings;
    private final Report report;
    private final ControlPlaneProbe probe;
    private final CpuMeter cpu;
    private final String[] db;
    final AtomicLong sequence;
    private final AtomicLong enqueued = new AtomicLong();
    private final Map<String, LongAdder> enqueueErrors = new ConcurrentHashMap<>();
    private final Latency enqueueCalls = new Latency();

    LifecycleThroughput(Api api, String operatorToken, AgentFleet fleet, BenchSettings settings, Report report,
                        ControlPlaneProbe probe, CpuMeter cpu, String[] db, AtomicLong sequence) {
        this.api = api;
        this.operatorToken = operatorToken;
        this.fleet = fleet;
        this.settings = settings;
        this.report = report;
        this.probe = probe;
        this.cpu = cpu;
        this.db = db;
        this.sequence = sequence;
    }

    static ObjectNode command(String agentId, long n) {
        ObjectNode body = Api.object().put("agent", agentId).put("type", "proxmox.list");
        body.putObject("payload").put("n", n);
        return body;
    }

    void run() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        long succeededBefore = fleet.succeeded();
        int maxBacklog = settings.maxBacklog();
        List<BenchAgent> agents = fleet.agents();
        List<Thread> enqueuers = new ArrayList<>();
        for (int i = 0; i < settings.enqueuers(); i++) {
            Thread t = new Thread(() -> {
                while (!stop.get()) {
                    if (enqueued.get() - (fleet.succeeded() - succeededBefore) > maxBacklog) {
                        java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
                        continue;
                    }
                    long n = sequence.incrementAndGet();
                    BenchAgent agent = agents.get((int) (n % agents.size()));
                    long t0 = System.nanoTime();
                    try {
                        Api.Reply r = api.send("POST", "/api/v1/commands", operatorToken, command(agent.id, n),
                                Duration.ofSeconds(30)).join();
                        enqueueCalls.record(System.nanoTime() - t0);
                        if (r.status() == 201) {
                            enqueued.incrementAndGet();
                        } else {
                            enqueueErrors.computeIfAbsent("enqueue " + r.status(), k -> new LongAdder()).increment();
                        }
                    } catch (RuntimeException e) {
                        enqueueErrors.computeIfAbsent("enqueue " + AgentFleet.rootCause(e).getClass().getSimpleName(),
                                k -> new LongAdder()).increment();
                    }
                }
            }, "enqueuer-" + i);
            t.setDaemon(true);
            t.start();
            enqueuers.add(t);
        }

        Thread.sleep(settings.warmupSeconds() * 1000L);
        enqueueCalls.reset();
        fleet.startCalls.reset();
        fleet.resultCalls.reset();
        long okFrom = fleet.succeeded();
        long enqFrom = enqueued.get();
        Instant wallFrom = Instant.now();
        long t0 = System.nanoTime();
        Map<String, Double> cpuFrom = cpu.snapshot();
        Path jfr = settings.workDir().resolve("profile/lifecycle.jfr");
        int jfrSeconds = Math.max(5, Math.min(20, settings.durationSeconds() - 5));
        if (settings.profile()) {
            Files.createDirectories(jfr.getParent());
            Files.deleteIfExists(jfr);
            System.out.println("  " + probe.jcmd("JFR.start", "name=bench", "settings=profile",
                    "duration=" + jfrSeconds + "s", "filename=" + jfr).trim().replace('\n', ' '));
        }
        long measureMillis = settings.durationSeconds() * 1000L;
        List<Long> threadSamples = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            Thread.sleep(measureMillis / 4);
            if (settings.profile()) {
                Files.writeString(settings.workDir().resolve("profile/lifecycle-threads-" + i + ".txt"), probe.jcmd("Thread.print"));
            }
            threadSamples.add(probe.osThreads());
        }
        Thread.sleep(Math.max(0, measureMillis - (System.nanoTime() - t0) / 1_000_000));
        long okTo = fleet.succeeded();
        long enqTo = enqueued.get();
        Instant wallTo = Instant.now();
        double elapsed = (System.nanoTime() - t0) / 1e9;
        Map<String, Double> cores = CpuMeter.cores(cpuFrom, cpu.snapshot(), elapsed);
        stop.set(true);
        for (Thread t : enqueuers) {
            t.join(35_000);
        }

        double throughput = (okTo - okFrom) / elapsed;
        long dbCount = countSucceeded(wallFrom, wallTo);
        report.row("Lifecycle", "succeeded commands/s (results accepted, " + fleet.agents().size() + " agents)",
                String.format("%,.0f /s", throughput), ">= 1,000 /s", throughput >= 1000);
        report.row("Lifecycle", "cross-check: SQL finished_at in window",
                String.format("%,.0f /s (%,d rows)", dbCount / elapsed, dbCount), "", null);
        report.row("Lifecycle", "enqueue rate (201s)", String.format("%,.0f /s", (enqTo - enqFrom) / elapsed), "", null);
        report.row("Lifecycle", "POST /commands round trip", enqueueCalls.summary(), "", null);
        report.row("Lifecycle", "POST start round trip", fleet.startCalls.summary(), "", null);
        report.row("Lifecycle", "POST result round trip", fleet.resultCalls.summary(), "", null);
        String section = "Lifecycle throughput";
        report.detail(section, String.format("window %.1f s after %d s warm-up; %d enqueuer threads (blocking calls), "
                        + "%d agents x %d workers (next?wait=25&max=10, then start and result per command), backlog cap %,d",
                elapsed, settings.warmupSeconds(), settings.enqueuers(), fleet.agents().size(), settings.workersPerAgent(),
                settings.maxBacklog()));
        report.detail(section, String.format("in window: %,d succeeded (client count), %,d by SQL (status succeeded, "
                + "finished_at in window), %,d enqueued", okTo - okFrom, dbCount, enqTo - enqFrom));
        report.detail(section, "backlog (enqueued, not yet succeeded) at window end: "
                + (enqueued.get() - (okTo - succeededBefore)));
        StringBuilder c = new StringBuilder("CPU in window, cores busy (of " + Runtime.getRuntime().availableProcessors() + "): ");
        cores.forEach((k, v) -> c.append(k).append(' ').append(String.format("%.2f", v)).append("; "));
        report.detail(section, c.toString());
        report.detail(section, "control-plane OS threads during load (3 samples): " + threadSamples);
        Map<String, Long> errors = new TreeMap<>(fleet.errors());
        enqueueErrors.forEach((k, v) -> errors.put(k, v.sum()));
        report.detail(section, "errors (whole phase): " + (errors.isEmpty() ? "none" : errors));

        drain(Duration.ofSeconds(60), succeededBefore);
        if (settings.profile()) {
            waitForFile(jfr, Duration.ofSeconds(jfrSeconds + 30));
            JfrSummary.summarize(jfr, report, "Where the control plane spends time under lifecycle load (JFR, "
                    + jfrSeconds + " s, settings=profile)");
            report.detail("Where the control plane spends time under lifecycle load (JFR, " + jfrSeconds
                    + " s, settings=profile)", "raw: bench/target/profile/lifecycle.jfr and lifecycle-threads-*.txt (not committed)");
        }
    }

    /** Waits until every enqueued command has succeeded, so the next phase starts on an empty queue. */
    private void drain(Duration timeout, long succeededBefore) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (fleet.succeeded() - succeededBefore < enqueued.get() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        long left = enqueued.get() - (fleet.succeeded() - succeededBefore);
        if (left > 0) {
            report.detail("Lifecycle throughput", "after the phase, " + left + " commands were still not succeeded after "
                    + timeout.toSeconds() + " s");
        }
    }

    private long countSucceeded(Instant from, Instant to) throws Exception {
        try (Connection c = DriverManager.getConnection(db[0], db[1], db[2]);
             PreparedStatement ps = c.prepareStatement(
                     "select count(*) from command where status = 'succeeded' and finished_at >= ? and finished_at < ?")) {
            ps.setTimestamp(1, Timestamp.from(from));
            ps.setTimestamp(2, Timestamp.from(to));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void waitForFile(Path file, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (Files.exists(file) && Files.size(file) > 0) {
                    Thread.sleep(1000); // JFR writes the file at the end of the recording
                    return;
                }
            } catch (java.io.IOException ignored) {
                // not there yet
            }
            Thread.sleep(500);
        }
    }
}
