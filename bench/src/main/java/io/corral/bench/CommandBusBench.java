package io.corral.bench;

import io.corral.launcher.LaunchOptions;
import io.corral.launcher.Stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Command-bus benchmark: starts the whole stack through the launcher, then measures a
 * PostgreSQL reference, full-lifecycle throughput, enqueue-to-delivery latency of held polls
 * and the cost of many held polls; prints a table and writes bench/results/command-bus-DATE.md.
 * See bench/README.md for settings. The stack is always stopped at the end.
 */
public final class CommandBusBench {

    private static final long WATCHDOG_MINUTES = 25;

    private CommandBusBench() {
    }

    public static void main(String[] args) throws Exception {
        BenchSettings settings = BenchSettings.parse(args);
        Report report = new Report();
        Path dataDir = settings.dataDir();
        deleteRecursively(dataDir);
        var skip = settings.skip();
        LaunchOptions options = LaunchOptions.forTests(dataDir)
                .stackDir(settings.stackDir())
                .heartbeatSeconds(10)
                .agentTtlSeconds(30)
                .controlPlaneEnv("CORRAL_MAX_HELD_POLLS", Integer.toString(settings.maxHeldPollsSetting()))
                .build();
        Stack stack = new Stack(options).onProgress(m -> System.out.println("  stack: " + m));
        Thread stopper = new Thread(stack::close, "stop-stack");
        Runtime.getRuntime().addShutdownHook(stopper);
        startWatchdog(stack);
        AgentFleet fleet = null;
        int exit = 0;
        try {
            System.out.printf("| %-18s | %-44s | %-34s | %-12s | %-6s |%n", "Phase", "Figure", "Measured", "Target", "");
            long t0 = System.nanoTime();
            stack.launch();
            report.row("Start", "stack up (PostgreSQL, simulator, control plane, agent)",
                    String.format("%.1f s", (System.nanoTime() - t0) / 1e9), "", null);
            ControlPlaneProbe probe = new ControlPlaneProbe(stack.controlPlaneUrl(), dataDir);
            CpuMeter cpu = new CpuMeter(probe.pid(), dataDir);
            describeMetrics(probe, report);
            String[] db = {stack.jdbcUrl(), stack.dbUser(), stack.dbPassword()};

            if (!skip.contains("pg")) {
                try {
                    new PostgresReference(db[0], db[1], db[2]).run(settings.pgThreads(), settings.pgSeconds(), report);
                } catch (Exception e) {
                    report.failure("PostgreSQL reference", e);
                }
            }

            Api api = new Api(stack.controlPlaneUrl(), 8, "bench-http");
            String operator = api.expect(201, "POST", "/api/v1/tokens", stack.apiToken(), Api.object()
                    .put("name", "bench-operator").put("role", "operator").put("ratePerSecond", 100_000)).path("token").asText();
            fleet = new AgentFleet(api);
            fleet.register(stack.apiToken(), settings.agents(), "bench");
            fleet.startHeartbeats(settings.heartbeatSeconds());
            AtomicLong sequence = new AtomicLong();

            if (!skip.contains("lifecycle") || !skip.contains("latency")) {
                fleet.startWorkers(settings.workersPerAgent(), 25, 10);
            }
            if (!skip.contains("lifecycle")) {
                try {
                    new LifecycleThroughput(api, operator, fleet, settings, report, probe, cpu, db, sequence).run();
                } catch (Exception e) {
                    report.failure("Lifecycle throughput", e);
                }
            }
            if (!skip.contains("latency")) {
                DeliveryLatency latency = new DeliveryLatency(api, operator, fleet, report, sequence, db);
                for (int rate : settings.latencyRates()) {
                    try {
                        latency.run(rate, settings.latencyWarmupSeconds(), settings.latencySeconds());
                    } catch (Exception e) {
                        report.failure("Delivery latency @" + rate + "/s", e);
                    }
                }
            }
            long unfinished = Backlog.awaitEmpty(db, java.time.Duration.ofSeconds(120));
            if (unfinished > 0) {
                report.detail("Held long-polls", unfinished + " commands were still not final 120 s after the last phase");
            }
            if (!fleet.stopWorkers(java.time.Duration.ofSeconds(40))) {
                report.detail("Held long-polls", fleet.workersRunning() + " agent workers were still polling when the phase began");
            }
            if (!skip.contains("held")) {
                try {
                    long left = Backlog.awaitEmpty(db, java.time.Duration.ofSeconds(5));
                    if (left > 0) {
                        report.detail("Held long-polls", left + " commands of earlier phases were not final: the held "
                                + "polls would claim them, so they are left to expire; some polls will answer 200");
                    }
                    new HeldPolls(stack.controlPlaneUrl(), stack.httpPort(), fleet, report, probe)
                            .run(settings.heldPolls(), settings.heldWaitSeconds(), settings.heldOpenPerSecond());
                } catch (Exception e) {
                    report.failure("Held long-polls", e);
                }
            }
            Map<String, Long> errors = fleet.errors();
            report.detail("Errors seen by the emulated agents (whole run)", errors.isEmpty() ? "none" : errors.toString());
            report.detail("Errors seen by the emulated agents (whole run)", "heartbeat failures: " + fleet.heartbeatFailures());
        } catch (Exception e) {
            report.failure("run", e);
            e.printStackTrace();
            exit = 1;
        } finally {
            if (fleet != null) {
                fleet.close();
            }
            stack.close();
            Runtime.getRuntime().removeShutdownHook(stopper);
        }
        report.finish(settings, exit);
    }

    private static void describeMetrics(ControlPlaneProbe probe, Report report) {
        Map<String, Double> metrics = probe.metrics();
        String section = "How the control-plane JVM was observed";
        if (metrics.isEmpty()) {
            report.detail(section, "GET /metrics answered nothing usable: threads from /proc/" + probe.pid()
                    + "/status only, heap from jcmd GC.heap_info");
        } else {
            report.detail(section, "GET /metrics (MicroProfile Metrics, Prometheus text): " + metrics.size()
                    + " series; live threads = `" + ControlPlaneProbe.THREADS + "` ("
                    + ControlPlaneProbe.metric(metrics, ControlPlaneProbe.THREADS) + "), heap used = `"
                    + ControlPlaneProbe.HEAP_USED + "` (" + ControlPlaneProbe.metric(metrics, ControlPlaneProbe.HEAP_USED) + ")");
        }
        report.detail(section, "pid " + probe.pid() + " (launcher's pid file); full GC with `jcmd <pid> GC.run`; OS threads "
                + "from `/proc/<pid>/status` (Threads:), RSS from VmRSS");
    }

    static void startWatchdog(Stack stack) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(WATCHDOG_MINUTES * 60_000);
                System.err.println("Benchmark still running after " + WATCHDOG_MINUTES + " minutes: stopping the stack");
                stack.close();
                System.exit(2);
            } catch (InterruptedException ignored) {
                // the run ended first
            }
        }, "watchdog");
        t.setDaemon(true);
        t.start();
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
