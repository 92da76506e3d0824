package io.corral.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.corral.launcher.LaunchOptions;
import io.corral.launcher.Stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scale: two control-plane instances on one PostgreSQL; {@code agents} emulated agents (half on
 * each instance) heartbeat {@code guests} guests each every 10 s, spread evenly over the period,
 * a few guests changing status per beat; alongside, a steady command lifecycle load enqueued on
 * one instance and delivered to agents polling the other. A window of command load alone first
 * gives the cost of one lifecycle; the mixed window then gives the cost of one heartbeat, and the
 * report sizes a target fleet from both. See bench/README.md.
 */
public final class ScaleBench {

    private static final String SETUP = "Setup";
    private static final String IDLE = "Idle";
    private static final String ALONE = "Commands alone";
    private static final String FLEET = "Fleet alone";
    private static final String MIXED = "Fleet + commands";

    private ScaleBench() {
    }

    public static void main(String[] args) throws Exception {
        BenchSettings settings = BenchSettings.parse(args);
        Report report = new Report("scale", "Scale benchmark: agents with guests on two control-plane instances",
                "`bench/run.sh scale` (`io.corral.bench.ScaleBench`)", true);
        Path dataDir = settings.dataDir("scale-data");
        BenchStack.deleteRecursively(dataDir);
        LaunchOptions options = LaunchOptions.forTests(dataDir).stackDir(settings.stackDir()).heartbeatSeconds(10)
                .agentTtlSeconds(60).controlPlaneEnv("CORRAL_API_RATE_PER_SECOND", "100000").build();
        Stack stack = BenchStack.prepare(options);
        BenchStack.watchdog(stack, 25);
        int exit = 0;
        Run run = null;
        try {
            report.detail("Machine load", "load average before the stack started: " + loadAverage());
            long t0 = System.nanoTime();
            stack.launch();
            stack.awaitAgentOnline(Duration.ofSeconds(120));
            String second = stack.startSecondControlPlane();
            report.row(SETUP, "stack up with a second control-plane instance", String.format("%.1f s",
                    (System.nanoTime() - t0) / 1e9), "", null);
            run = new Run(settings, report, stack, dataDir, second);
            run.run();
        } catch (Exception e) {
            report.failure("run", e);
            e.printStackTrace();
            exit = 1;
        } finally {
            if (run != null) {
                run.close();
            }
            stack.close();
        }
        report.finish(settings, exit);
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " / " + f[1] + " / " + f[2] + " (1 / 5 / 15 min)";
        } catch (IOException e) {
            return "?";
        }
    }

    static double loadAverage1() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** What one window measured. */
    record Window(double seconds, Map<String, Double> cores, List<ScaleDb.TableWrites> writes, long xacts, long walBytes,
                  long dbGrowth, long lifecycles, Tracers.Summary delivery, Map<RequestCounts.Kind, Long> requests,
                  double loadMin, double loadMean, double loadMax) {
        double cpCores() {
            return cores.getOrDefault("control plane A", 0.0) + cores.getOrDefault("control plane B", 0.0);
        }

        ScaleSizing.Usage usage() {
            return new ScaleSizing.Usage(cpCores(), cores.getOrDefault("PostgreSQL", 0.0),
                    ScaleDb.totalRows(writes) / seconds, walBytes / seconds, xacts / seconds);
        }
    }

    private static final class Run {
        final BenchSettings settings;
        final Report report;
        final Stack stack;
        final Path dataDir;
        final String urlA;
        final String urlB;
        final String[] db;
        final ScaleDb scaleDb;
        final CpuMeter cpu;
        final ControlPlaneProbe probeA;
        final ControlPlaneProbe probeB;
        final AtomicLong sequence = new AtomicLong();
        AgentFleet fleetA;
        AgentFleet fleetB;
        ScaleHeartbeats heartbeats;
        final List<LifecycleLoad> loads = new ArrayList<>();

        Run(BenchSettings settings, Report report, Stack stack, Path dataDir, String urlB) throws IOException {
            this.settings = settings;
            this.report = report;
            this.stack = stack;
            this.dataDir = dataDir;
            this.urlA = stack.controlPlaneUrl();
            this.urlB = urlB;
            this.db = new String[] {stack.jdbcUrl(), stack.dbUser(), stack.dbPassword()};
            this.scaleDb = new ScaleDb(db);
            this.probeA = new ControlPlaneProbe(urlA, dataDir, "control-plane");
            this.probeB = new ControlPlaneProbe(urlB, dataDir, "control-plane-2");
            Map<String, Long> parts = new LinkedHashMap<>();
            parts.put("control plane A", probeA.pid());
            parts.put("control plane B", probeB.pid());
            parts.put("PostgreSQL", CpuMeter.postmasterPid(dataDir));
            Path agentPid = dataDir.resolve("payara/agent.pid");
            if (Files.exists(agentPid)) {
                parts.put("launcher's agent", Long.parseLong(Files.readString(agentPid).trim()));
            }
            this.cpu = new CpuMeter(parts);
        }

        void run() throws Exception {
            Api apiA = new Api(urlA, 8, "bench-a");
            Api apiB = new Api(urlB, 2, "bench-b");
            String operator = apiA.expect(201, "POST", "/api/v1/tokens", stack.apiToken(), Api.object()
                    .put("name", "bench-operator").put("role", "operator").put("ratePerSecond", 100_000))
                    .path("token").asText();
            int cmdAgents = Math.max(2, settings.scaleCommandAgents());
            fleetA = fleet(apiA, cmdAgents / 2, "cmd-a");
            fleetB = fleet(apiB, cmdAgents - cmdAgents / 2, "cmd-b");
            report.detail(SETUP, String.format("instance A %s (the launcher's), instance B %s (second instance on the same "
                    + "database, same settings); command load: %d emulated agents (%d polling A, %d polling B), %d poll "
                    + "loops each (`next?wait=25&max=100`), batched start/results", urlA, urlB, cmdAgents, cmdAgents / 2,
                    cmdAgents - cmdAgents / 2, settings.scaleCommandWorkers()));

            // 1. Idle, then commands alone: the fixed cost and the cost of one lifecycle.
            Window idle = commandWindow(operator, 0, settings.scaleIdleSeconds(), IDLE, null, 0);
            rows(IDLE, idle, null);
            Window alone = commandWindow(operator, settings.scaleCommandWarmupSeconds(),
                    settings.scaleCommandAloneSeconds(), ALONE, null, settings.scaleCommandRate());
            rows(ALONE, alone, null);

            // 2. Register the fleet's agents (over the API, both instances in turn).
            int agents = settings.scaleAgents();
            int guests = settings.scaleGuests();
            long t = System.nanoTime();
            List<String> tokens = register(List.of(apiA, apiB), agents);
            report.row(SETUP, "agents registered (POST /api/v1/agents, 8 at a time)", String.format("%,d in %.1f s",
                    agents, (System.nanoTime() - t) / 1e9), "", null);

            // 3. Heartbeats plus the command load; warm-up until the heartbeat rate is flat.
            HeartbeatSchedule schedule = new HeartbeatSchedule(agents, settings.heartbeatSeconds(), 2);
            heartbeats = new ScaleHeartbeats(schedule, tokens, List.of(urlA, urlB), guests, settings.scaleChanges(),
                    settings.scaleSenders());
            report.detail(SETUP, String.format("fleet: %,d agents × %d guests = %,d VMs; agent i heartbeats to instance "
                            + "i mod 2 every %d s at offset i × %d s / %,d (one beat every %.1f ms, %.1f/s intended); each beat "
                            + "flips %d guests' status (round robin, running ↔ stopped; none on the first) and carries the whole "
                            + "inventory; %d sender connections per instance", agents, guests, agents * guests,
                    settings.heartbeatSeconds(), settings.heartbeatSeconds(), agents,
                    settings.heartbeatSeconds() * 1000.0 / agents, schedule.intendedPerSecond(), settings.scaleChanges(),
                    settings.scaleSenders()));
            Window fleet = commandWindow(operator, 0, settings.scaleFleetAloneSeconds(), FLEET, schedule, 0);
            rows(FLEET, fleet, schedule);
            fleetRows(FLEET, fleet, schedule);
            double fleetHb = heartbeatsInWindow / fleet.seconds();
            Window mixed = commandWindow(operator, settings.scaleCommandWarmupSeconds(), settings.scaleDurationSeconds(),
                    MIXED, schedule, settings.scaleCommandRate());
            rows(MIXED, mixed, schedule);
            fleetRows(MIXED, mixed, schedule);
            long vmRows = count("select count(*) from vm");
            report.row(MIXED, "vm rows in the database at the end", String.format("%,d (fleet %,d + the simulator's)",
                    vmRows, agents * guests), "≥ " + agents * guests, vmRows >= (long) agents * guests);

            long deadlocks = deadlocks();
            report.row(MIXED, "PostgreSQL deadlocks in the whole run (postgresql.log)", deadlocks < 0 ? "log not found"
                    : String.format("%,d", deadlocks), "0", deadlocks == 0);

            // 4. Heap of each instance after the run.
            double[] live = new double[2];
            int i = 0;
            for (ControlPlaneProbe p : List.of(probeA, probeB)) {
                String name = i == 0 ? "A" : "B";
                OptionalDouble used = ControlPlaneProbe.metric(p.metrics(), ControlPlaneProbe.HEAP_USED);
                p.gc();
                OptionalDouble after = p.heapInfoUsedMb();
                live[i++] = after.orElse(Double.NaN);
                report.row("Heap after the run", "instance " + name + ": used (MP Metrics) → after full GC (jcmd); RSS",
                        String.format("%s → %s MB; RSS %,d MB", used.isPresent() ? String.format("%.0f", used.getAsDouble() / 1048576)
                                : "?", after.isPresent() ? String.format("%.0f", after.getAsDouble()) : "?", p.rssKb() / 1024),
                        "", null);
            }

            // 5. Sizing.
            double lifecyclesAlone = alone.lifecycles() / alone.seconds();
            double hbPerSecond = mixed.requests().getOrDefault(RequestCounts.Kind.HEARTBEAT, 0L) / mixed.seconds();
            double scaleHb = heartbeatsInWindow / mixed.seconds();
            double lifecyclesMixed = mixed.lifecycles() / mixed.seconds();
            if (lifecyclesAlone > 0 && fleetHb > 0) {
                ScaleSizing.Unit unit = ScaleSizing.unit(idle.usage(), alone.usage(), lifecyclesAlone, fleet.usage(),
                        fleetHb);
                ScaleSizing.Target target = new ScaleSizing.Target(settings.sizeAgents(), settings.sizeGuests(),
                        settings.heartbeatSeconds(), settings.scaleCommandRate());
                double liveMean = (live[0] + live[1]) / 2;
                String section = "Sizing";
                ScaleSizing.describe(idle.usage(), unit, alone.usage(), lifecyclesAlone, fleet.usage(), fleetHb,
                                mixed.usage(), scaleHb, lifecyclesMixed, guests,
                        target, liveMean, agents / 2, settings.sizeCoresPerInstance(), settings.sizeBusyPercent() / 100.0)
                        .forEach(l -> report.detail(section, l));
                report.detail(section, String.format("Heartbeats in the mixed window: %.1f/s sent, of which %.1f/s the "
                        + "fleet's; the rest are the command agents' empty ones, present in the idle window too",
                        hbPerSecond, scaleHb));
                report.detail(section, "The machine's limits: 2 cores shared by both Payara instances, PostgreSQL, the "
                        + "launcher's agent and this load generator (and other builds, see Machine load): CPU per request "
                        + "rises when cores are contended, so the absolute figures are pessimistic for dedicated hosts; "
                        + "WAL and rows per heartbeat do not depend on the machine");
                if (Math.min(fleetHb, scaleHb) < schedule.intendedPerSecond() * 0.95) {
                    report.detail(section, String.format("The fleet's heartbeat rate was NOT held (%.1f/s alone, %.1f/s "
                            + "with commands, of %.1f/s): the costs per unit are still measured on what was served, but this "
                            + "machine did not carry the measured fleet", fleetHb, scaleHb, schedule.intendedPerSecond()));
                }
            }
            report.detail("Machine load", "load average after the run: " + loadAverage());
        }

        long heartbeatsInWindow;
        boolean heartbeatsStarted;

        AgentFleet fleet(Api api, int count, String prefix) throws IOException {
            AgentFleet f = new AgentFleet(api);
            f.protocol(AgentFleet.Protocol.BATCH);
            f.register(stack.apiToken(), count, prefix);
            f.startHeartbeats(settings.heartbeatSeconds());
            f.startWorkers(settings.scaleCommandWorkers(), 25, 100);
            return f;
        }

        List<String> register(List<Api> apis, int agents) throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<String>> futures = new ArrayList<>();
                for (int i = 0; i < agents; i++) {
                    Api api = apis.get(i % apis.size());
                    String name = String.format("scale-%05d", i);
                    futures.add(pool.submit(() -> {
                        JsonNode created = api.expect(201, "POST", "/api/v1/agents", stack.apiToken(),
                                Api.object().put("name", name));
                        return created.path("token").asText();
                    }));
                }
                List<String> tokens = new ArrayList<>();
                for (Future<String> f : futures) {
                    tokens.add(f.get());
                }
                return tokens;
            } finally {
                pool.shutdownNow();
            }
        }

        /**
         * Command load open loop (half enqueued on A for agents polling B, half the other way), plus the fleet's
         * heartbeats when {@code schedule} is given (then the warm-up lasts until their rate is flat); one measured window.
         */
        Window commandWindow(String operator, int warmupSeconds, int seconds, String phase, HeartbeatSchedule schedule,
                             double rate) throws Exception {
            Tracers tracers = new Tracers();
            tracers.on(false);
            fleetA.listen(tracers);
            fleetB.listen(tracers);
            // blocking senders: enough that each needs to send at most 5 a second (200 ms per POST)
            int threads = Math.max(settings.scaleCommandThreads(), (int) Math.ceil(rate / 2 / 5));
            LifecycleLoad aToB = new LifecycleLoad(urlA, operator, fleetB, sequence);
            LifecycleLoad bToA = new LifecycleLoad(urlB, operator, fleetA, sequence);
            loads.add(aToB);
            loads.add(bToA);
            if (rate > 0) {
                aToB.startOpenLoop(threads, rate / 2, tracers, 1);
                bToA.startOpenLoop(threads, rate / 2, tracers, 1);
            }
            if (schedule != null && !heartbeatsStarted) {
                heartbeatsStarted = true;
                heartbeats.start();
                FlatWarmup.Outcome w = FlatWarmup.await(heartbeats::ok, settings.heartbeatSeconds(), 3,
                        settings.scaleFlatPercent(), settings.scaleWarmupSeconds(), settings.scaleWarmupMaxSeconds());
                report.row(phase, "warm-up until the heartbeat rate is flat (±" + settings.scaleFlatPercent() + " %, 3 × "
                        + settings.heartbeatSeconds() + " s)", w.describe(), "flat", w.flat());
            } else {
                Thread.sleep(warmupSeconds * 1000L);
            }
            report.detail("Machine load", phase + ": load average at the start of the window " + loadAverage());
            // the window
            if (heartbeats != null) {
                heartbeats.instances().forEach(ScaleHeartbeats.PerInstance::reset);
            }
            long[] hbOk = heartbeats == null ? new long[0] : heartbeats.instances().stream().mapToLong(p -> p.ok.get()).toArray();
            long hbFlips = heartbeats == null ? 0 : heartbeats.flips();
            long hbDropped = heartbeats == null ? 0 : heartbeats.dropped();
            long hbOverlapping = heartbeats == null ? 0 : heartbeats.overlapping();
            long hbBytes = heartbeats == null ? 0 : heartbeats.instances().stream().mapToLong(p -> p.bodyBytes.sum()).sum();
            Map<String, Long> hbErrors = heartbeats == null ? Map.of() : heartbeats.errors();
            Map<String, Long> cmdErrors = errors();
            long succeeded = fleetA.succeeded() + fleetB.succeeded();
            long sent = aToB.sent() + bToA.sent();
            Map<RequestCounts.Kind, Long> requests = RequestCounts.snapshot();
            ScaleDb.Snapshot db0 = scaleDb.snapshot();
            Map<String, Double> cpu0 = cpu.snapshot();
            long start = System.nanoTime();
            tracers.on(true);
            List<Double> load = new ArrayList<>();
            long end = start + seconds * 1_000_000_000L;
            while (System.nanoTime() < end) {
                Thread.sleep(Math.min(5_000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
                load.add(loadAverage1());
            }
            tracers.on(false);
            double elapsed = (System.nanoTime() - start) / 1e9;
            Map<String, Double> cores = CpuMeter.cores(cpu0, cpu.snapshot(), elapsed);
            ScaleDb.Snapshot db1 = scaleDb.snapshot();
            long lifecycles = fleetA.succeeded() + fleetB.succeeded() - succeeded;
            long sentInWindow = aToB.sent() + bToA.sent() - sent;
            Map<RequestCounts.Kind, Long> requested = RequestCounts.delta(requests, RequestCounts.snapshot());
            if (heartbeats != null) {
                long[] okNow = heartbeats.instances().stream().mapToLong(p -> p.ok.get()).toArray();
                for (int i = 0; i < okNow.length; i++) {
                    hbOk[i] = okNow[i] - hbOk[i];
                }
                heartbeatsInWindow = java.util.Arrays.stream(hbOk).sum();
                hbFlips = heartbeats.flips() - hbFlips;
                hbDropped = heartbeats.dropped() - hbDropped;
                hbBytes = heartbeats.instances().stream().mapToLong(p -> p.bodyBytes.sum()).sum() - hbBytes;
                this.windowHb = new long[] {hbFlips, hbDropped, hbBytes, heartbeats.overlapping() - hbOverlapping};
                this.windowHbOk = hbOk;
                this.windowHbErrors = delta(hbErrors, heartbeats.errors());
                if (phase.equals(MIXED)) {
                    heartbeats.stop();
                }
            }
            aToB.stop();
            bToA.stop();
            long grace = System.nanoTime() + 30_000_000_000L;
            while (tracers.deliveredCount() < tracers.tracedCount() && System.nanoTime() < grace) {
                Thread.sleep(100);
            }
            this.windowCmdErrors = delta(cmdErrors, errors());
            this.windowSent = sentInWindow;
            fleetA.listen(null);
            fleetB.listen(null);
            double mean = load.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            double min = load.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
            double max = load.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
            return new Window(elapsed, cores, ScaleDb.writes(db0, db1), db1.xacts() - db0.xacts(),
                    db1.walBytes() - db0.walBytes(), db1.dbBytes() - db0.dbBytes(), lifecycles, tracers.summary(), requested,
                    min, mean, max);
        }

        long[] windowHb = new long[4];
        long[] windowHbOk = new long[0];
        Map<String, Long> windowHbErrors = Map.of();
        Map<String, Long> windowCmdErrors = Map.of();
        long windowSent;

        Map<String, Long> errors() {
            Map<String, Long> out = new TreeMap<>();
            for (LifecycleLoad l : loads) {
                l.errors().forEach((k, v) -> out.merge(k, v, Long::sum));
            }
            fleetA.errors().forEach((k, v) -> out.merge("agent " + k, v, Long::sum));
            fleetB.errors().forEach((k, v) -> out.merge("agent " + k, v, Long::sum));
            out.put("command agents' heartbeats failed", fleetA.heartbeatFailures() + fleetB.heartbeatFailures());
            return out;
        }

        static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
            Map<String, Long> out = new TreeMap<>();
            after.forEach((k, v) -> {
                long d = v - before.getOrDefault(k, 0L);
                if (d != 0) {
                    out.put(k, d);
                }
            });
            return out;
        }

        /** Commands, database, CPU and load rows of a window. */
        void rows(String phase, Window w, HeartbeatSchedule schedule) {
            double s = w.seconds();
            if (phase.equals(IDLE)) {
                report.row(phase, "window (two instances up, command agents holding polls, no load)", String.format(
                        "%.0f s", s), "", null);
            } else if (phase.equals(FLEET)) {
                report.row(phase, "window (heartbeats only, command agents holding polls)", String.format("%.0f s", s), "",
                        null);
            } else {
                report.row(phase, "window", String.format("%.0f s", s), "", null);
                report.row(phase, "command lifecycles/s (succeeded at the agents)", String.format("%.1f/s (asked %d/s, "
                        + "sent %.1f/s)", w.lifecycles() / s, settings.scaleCommandRate(), windowSent / s),
                        "≥ 95 % of asked", w.lifecycles() / s >= settings.scaleCommandRate() * 0.95);
                Tracers.Summary d = w.delivery();
                report.row(phase, "delivery: enqueue sent on one instance → poll answer from the other",
                        d.fromSend().summary() + String.format("; %,d of %,d traced delivered", d.delivered(), d.sent()),
                        "", null);
            }
            report.row(phase, "command-side errors (non-2xx and I/O, by kind)", windowCmdErrors.isEmpty() ? "none"
                    : windowCmdErrors.toString(), "none", windowCmdErrors.isEmpty());
            long rows = ScaleDb.totalRows(w.writes());
            report.row(phase, "rows written/s (n_tup_ins + upd + del, all tables)", String.format("%,.0f/s", rows / s), "", null);
            report.row(phase, "transactions/s", String.format("%,.0f/s", w.xacts() / s), "", null);
            report.row(phase, "WAL written", String.format("%,.0f KB/s", w.walBytes() / s / 1024), "", null);
            report.row(phase, "database size growth", String.format("%+,.1f MB in the window (%+.2f MB/min)",
                    w.dbGrowth() / 1048576.0, w.dbGrowth() / 1048576.0 / s * 60), "", null);
            StringBuilder cores = new StringBuilder();
            w.cores().forEach((k, v) -> cores.append(cores.length() == 0 ? "" : "; ").append(k).append(' ')
                    .append(String.format("%.2f", v)));
            report.row(phase, "CPU cores used", cores.toString(), "", null);
            report.row(phase, "load average (1 min) during the window", String.format("min %.1f / mean %.1f / max %.1f",
                    w.loadMin(), w.loadMean(), w.loadMax()), "", null);
            String section = "Rows written per table: " + phase;
            report.detail(section, "| table | inserted/s | updated/s (HOT) | deleted/s | total/s |");
            report.detail(section, "|---|---|---|---|---|");
            w.writes().stream().limit(10).forEach(t -> report.detail(section, String.format("| %s | %,.1f | %,.1f (%,.1f) | "
                    + "%,.1f | %,.1f |", t.table(), t.inserted() / s, t.updated() / s, t.hotUpdated() / s, t.deleted() / s,
                    t.total() / s)));
            StringBuilder req = new StringBuilder();
            w.requests().forEach((k, v) -> req.append(k.label).append(String.format(" %,.1f/s; ", v / s)));
            report.detail("Requests sent by the load generator", phase + ": " + req);
        }

        /** The fleet's heartbeat rows of the mixed window. */
        void fleetRows(String phase, Window w, HeartbeatSchedule schedule) {
            double s = w.seconds();
            for (int i = 0; i < heartbeats.instances().size(); i++) {
                ScaleHeartbeats.PerInstance p = heartbeats.instances().get(i);
                String name = i == 0 ? "A" : "B";
                report.row(phase, "heartbeat latency, instance " + name + " (send → answer)", p.fromSend.summary(), "", null);
                report.row(phase, "heartbeat latency, instance " + name + " (due → answer)", p.fromDue.summary(), "", null);
                report.row(phase, "heartbeats/s, instance " + name + " (2xx)", String.format("%.1f/s of %.1f/s intended",
                        windowHbOk[i] / s, schedule.intendedPerSecond() / 2), "", null);
            }
            double achieved = heartbeatsInWindow / s;
            report.row(phase, "heartbeats/s achieved vs intended (both instances)", String.format("%.1f/s of %.1f/s "
                    + "(%.0f %%); skipped by the client: %,d (instance queue full), %,d (the agent's previous beat still "
                    + "unanswered)", achieved, schedule.intendedPerSecond(), achieved * 100 / schedule.intendedPerSecond(),
                    windowHb[1], windowHb[3]), "≥ 95 %",
                    achieved >= schedule.intendedPerSecond() * 0.95);
            report.row(phase, "guests reported/s; status changes/s", String.format("%,.0f/s; %.1f/s; mean body %,d bytes",
                    achieved * settings.scaleGuests(), windowHb[0] / s, heartbeatsInWindow == 0 ? 0
                            : windowHb[2] / heartbeatsInWindow), "", null);
            report.row(phase, "heartbeat errors (non-2xx and I/O, by kind)", windowHbErrors.isEmpty() ? "none"
                    : windowHbErrors.toString(), "none", windowHbErrors.isEmpty());
        }

        /** "deadlock detected" errors in the stack's PostgreSQL log, or -1 without it. */
        long deadlocks() {
            Path log = stack.logDir().resolve("postgresql.log");
            try (var lines = Files.lines(log, java.nio.charset.StandardCharsets.ISO_8859_1)) {
                return lines.filter(l -> l.contains("ERROR:  deadlock detected")).count();
            } catch (IOException | java.io.UncheckedIOException e) {
                return -1;
            }
        }

        long count(String sql) throws Exception {
            try (Connection c = DriverManager.getConnection(db[0], db[1], db[2]); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        }

        void close() {
            try {
                if (heartbeats != null) {
                    heartbeats.stop();
                }
                for (LifecycleLoad l : loads) {
                    l.stop();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (fleetA != null) {
                fleetA.close();
            }
            if (fleetB != null) {
                fleetB.close();
            }
        }
    }
}
