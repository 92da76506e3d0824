package io.corral.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Maximum full-lifecycle throughput, closed-loop: the enqueuers ({@link LifecycleLoad}) post as
 * fast as answered with at most {@code maxBacklog} commands enqueued and not yet succeeded, while
 * the emulated agents poll, start and report. Warm-up until the rate per bucket is flat, then one
 * measured window with the cost of a lifecycle ({@link WindowMeter}). Profiling has a window of its own
 * afterwards ({@link #profile}), so no figure carries its cost.
 */
final class LifecycleThroughput {

    private final Api api;
    private final String operatorToken;
    private final AgentFleet fleet;
    private final BenchSettings settings;
    private final Report report;
    private final ControlPlaneProbe probe;
    private final CpuMeter cpu;
    private final PgStats pg;
    private final String[] db;
    private final AtomicLong sequence;
    private double floorMicros = -1;

    LifecycleThroughput(Api api, String operatorToken, AgentFleet fleet, BenchSettings settings, Report report,
                        ControlPlaneProbe probe, CpuMeter cpu, PgStats pg, String[] db, AtomicLong sequence) {
        this.api = api;
        this.operatorToken = operatorToken;
        this.fleet = fleet;
        this.settings = settings;
        this.report = report;
        this.probe = probe;
        this.cpu = cpu;
        this.pg = pg;
        this.db = db;
        this.sequence = sequence;
    }

    /** The control plane's CPU per empty authenticated request (floor phase), to relate each window to. */
    LifecycleThroughput floorMicros(double micros) {
        this.floorMicros = micros;
        return this;
    }

    /** One warm-up and measured window with this enqueue mode; returns the lifecycles/s measured. */
    double run(LifecycleLoad.Enqueue mode) throws Exception {
        boolean batch = mode == LifecycleLoad.Enqueue.BATCH;
        String phase = batch ? "Max, batch enqueue" : "Max, single enqueue";
        String section = "Lifecycle throughput, " + (batch ? "batch" : "single") + " enqueue";
        Backlog.awaitEmpty(db, Duration.ofSeconds(60));
        long rowsBefore = Backlog.commandRows(db);
        LifecycleLoad load = new LifecycleLoad(api.url(""), operatorToken, fleet, sequence);
        load.startClosedLoop(mode, settings.enqueuers(), settings.batchSize(), settings.maxBacklog());
        FlatWarmup.Outcome warm = FlatWarmup.await(fleet::succeeded, settings.bucketSeconds(), settings.flatBuckets(),
                settings.flatPercent(), settings.warmupSeconds(), settings.warmupMaxSeconds());
        load.enqueueCalls.reset();
        fleet.startCalls.reset();
        fleet.resultCalls.reset();
        WindowMeter meter = new WindowMeter(cpu, pg, fleet);
        Thread.sleep(settings.durationSeconds() * 1000L);
        WindowMeter.Figures f = meter.close();
        long backlogAtEnd = load.backlog();
        load.stop();
        drain(load, section);
        WindowMeter.ExactlyOnce once = WindowMeter.exactlyOnce(db, f.from(), f.to());

        double rate = f.perSecond();
        int target = batch ? 2000 : 1000;
        report.row(phase, String.format("lifecycles/s (%d agents, %s agent protocol)", fleet.agents().size(),
                fleet.protocol().label()), String.format("%,.0f /s%s", rate, warm.flat() ? "" : " (warm-up never flat)"),
                String.format(">= %,d /s", target), rate >= target);
        report.row(phase, "each counted command succeeded exactly once (SQL)", String.format("%,d of %,d finished; %,d "
                + "with one 'succeeded' event", once.succeeded(), once.finished(), once.exactlyOne()), "all", once.ok());
        double cpMicros = f.micros("control plane");
        report.row(phase, "CP CPU per lifecycle", String.format("%,.0f µs (%,.0f lifecycles per CP CPU-s)", cpMicros,
                1e6 / Math.max(1, cpMicros)), "<= 900 µs", cpMicros <= 900);
        report.row(phase, "CPU per lifecycle: PostgreSQL / load gen / agent", String.format("%,.0f / %,.0f / %,.0f µs",
                f.micros("PostgreSQL"), f.micros("bench client"), f.micros("launcher's agent")), "", null);
        double requests = f.per(RequestCounts.total(f.requests()));
        report.row(phase, "HTTP requests per lifecycle", String.format("%.2f", requests), "", null);
        if (floorMicros > 0) {
            report.row(phase, "floor: requests × CP CPU per empty request", String.format("%,.0f µs of the %,.0f", requests
                    * floorMicros, cpMicros), "", null);
        }
        report.row(phase, "PG transactions per lifecycle", String.format("%.2f", f.per(f.xacts())), "", null);
        report.row(phase, "SQL statements per lifecycle", f.statements() < 0 ? "n/a (" + pg.statementsProblem() + ")"
                : String.format("%.2f (pg_stat_statements)", f.per(f.statements())), "", null);
        report.row(phase, batch ? "POST /commands/batch round trip" : "POST /commands round trip",
                load.enqueueCalls.summary(), "", null);
        report.row(phase, "agent start call round trip", fleet.startCalls.summary(), "", null);
        report.row(phase, "agent result call round trip", fleet.resultCalls.summary(), "", null);

        report.detail(section, "warm-up: " + warm.describe() + String.format(" (buckets of %d s; flat = last %d within ±%.0f %%"
                        + " of their mean; at least %d s, at most %d s)", settings.bucketSeconds(), settings.flatBuckets(),
                settings.flatPercent(), settings.warmupSeconds(), settings.warmupMaxSeconds()));
        report.detail(section, String.format("measured window %.1f s: %,d lifecycles (results accepted, counted by the "
                        + "load generator); SQL: %,d commands finished in the window, %,d succeeded, %,d with exactly one "
                        + "'succeeded' event, %,d with none or several", f.seconds(), f.lifecycles(), once.finished(),
                once.succeeded(), once.exactlyOne(), once.notOne()));
        report.detail(section, String.format("command table: %,d rows before the warm-up (every earlier phase's commands "
                + "stay, as history does until the retention prune)", rowsBefore));
        report.detail(section, String.format("%d enqueuer threads, %s, backlog cap %,d (enqueued − succeeded); backlog at "
                        + "window end %,d; %d agents × %d poll loops (next?wait=25&max=%d)%s", settings.enqueuers(),
                batch ? "up to " + settings.batchSize() + " commands per POST /commands/batch" : "one command per POST /commands",
                settings.maxBacklog(), backlogAtEnd, fleet.agents().size(), settings.workersPerAgent(), settings.pollMax(),
                fleet.protocol() == AgentFleet.Protocol.BATCH ? " + 1 acknowledging and 1 reporting loop per agent "
                        + "(adaptive batches: what piled up while the previous call was in flight, never waiting to fill one)"
                        : ", each starting and reporting per id"));
        long[] calls = f.calls();
        report.detail(section, String.format("agent calls in window: %,d start calls carrying %,d ids (%.1f per call), "
                + "%,d result calls carrying %,d (%.1f per call)", calls[0], calls[1], calls[1] / (double) Math.max(1, calls[0]),
                calls[2], calls[3], calls[3] / (double) Math.max(1, calls[2])));
        StringBuilder cpuLine = new StringBuilder("CPU in window, µs per lifecycle (cores busy of "
                + Runtime.getRuntime().availableProcessors() + "): ");
        f.cpuSeconds().forEach((k, v) -> cpuLine.append(String.format("%s %,.0f (%.2f); ", k, v * 1e6 / Math.max(1, f.lifecycles()),
                v / f.seconds())));
        report.detail(section, cpuLine.toString());
        StringBuilder req = new StringBuilder("HTTP requests per lifecycle by kind: ");
        f.requests().forEach((k, v) -> req.append(String.format("%s %.3f; ", k.label, f.per(v))));
        report.detail(section, req.toString());
        report.detail(section, String.format("PostgreSQL: %.2f transactions (pg_stat_database xact_commit + xact_rollback), "
                + "%.1f rows touched (tup_*) per lifecycle", f.per(f.xacts()), f.per(f.tuples())));
        report.detail(section, "tables and indexes per lifecycle, by rows read (pg_stat_user_tables, "
                + "pg_stat_user_indexes): " + WindowMeter.scans(f, 8));
        if (f.statements() >= 0) {
            report.detail(section, "statements per lifecycle, most frequent (BEGIN/COMMIT are statements of their own here, "
                    + "though the JDBC driver sends BEGIN with the next query): " + WindowMeter.topStatements(f, 12));
        }
        Map<String, Long> errors = new TreeMap<>(fleet.errors());
        errors.putAll(load.errors());
        report.detail(section, "errors so far (agents, whole run; enqueuers, this phase): " + (errors.isEmpty() ? "none" : errors));
        return rate;
    }

    /**
     * A separate profiled window after the measured ones: single-enqueue load, a JFR recording of
     * the control plane and three thread dumps. Nothing measured here goes into a figure.
     */
    void profile() throws Exception {
        String section = "Profiled window (after the measured windows; not part of any figure)";
        Backlog.awaitEmpty(db, Duration.ofSeconds(60));
        LifecycleLoad load = new LifecycleLoad(api.url(""), operatorToken, fleet, sequence);
        load.startClosedLoop(LifecycleLoad.Enqueue.SINGLE, settings.enqueuers(), 1, settings.maxBacklog());
        Thread.sleep(5_000);
        int seconds = settings.profileSeconds();
        Path jfr = settings.workDir().resolve("profile/lifecycle.jfr");
        Files.createDirectories(jfr.getParent());
        Files.deleteIfExists(jfr);
        long ok0 = fleet.succeeded();
        long t0 = System.nanoTime();
        System.out.println("  " + probe.jcmd("JFR.start", "name=bench", "settings=profile", "duration=" + seconds + "s",
                "filename=" + jfr).trim().replace('\n', ' '));
        for (int i = 1; i <= 3; i++) {
            Thread.sleep(seconds * 1000L / 4);
            Files.writeString(settings.workDir().resolve("profile/lifecycle-threads-" + i + ".txt"), probe.jcmd("Thread.print"));
        }
        Thread.sleep(Math.max(0, seconds * 1000L - (System.nanoTime() - t0) / 1_000_000));
        double rate = (fleet.succeeded() - ok0) / ((System.nanoTime() - t0) / 1e9);
        load.stop();
        drain(load, section);
        report.detail(section, String.format("single enqueue, %s agent protocol, %d s with JFR (settings=profile) and "
                + "3 thread dumps: %,.0f lifecycles/s while profiled", fleet.protocol().label(), seconds, rate));
        waitForFile(jfr, Duration.ofSeconds(seconds + 30));
        JfrSummary.summarize(jfr, report, section);
        report.detail(section, "raw: bench/target/profile/lifecycle.jfr and lifecycle-threads-*.txt (not committed)");
    }

    /** Waits until every command this load enqueued has succeeded, so the next phase starts on an empty queue. */
    private void drain(LifecycleLoad load, String section) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (load.backlog() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        if (load.backlog() > 0) {
            report.detail(section, "after the phase, " + load.backlog() + " commands were still not succeeded after 60 s");
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
