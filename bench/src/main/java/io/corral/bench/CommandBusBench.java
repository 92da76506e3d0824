package io.corral.bench;

import io.corral.launcher.LaunchOptions;
import io.corral.launcher.Stack;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Command-bus benchmark: starts the whole stack through the launcher, then measures a
 * PostgreSQL reference, full-lifecycle throughput, enqueue-to-delivery latency of held polls
 * and the cost of many held polls; prints a table and writes bench/results/command-bus-DATE.md.
 * See bench/README.md for settings. The stack is always stopped at the end.
 */
public final class CommandBusBench {


    private CommandBusBench() {
    }

    public static void main(String[] args) throws Exception {
        BenchSettings settings = BenchSettings.parse(args);
        Report report = new Report();
        Path dataDir = settings.dataDir();
        BenchStack.deleteRecursively(dataDir);
        var skip = settings.skip();
        String pgPrepared = PgStats.prepare(dataDir.resolve("pg"));
        LaunchOptions options = LaunchOptions.forTests(dataDir)
                .stackDir(settings.stackDir())
                .heartbeatSeconds(10)
                .agentTtlSeconds(30)
                .controlPlaneEnv("CORRAL_MAX_HELD_POLLS", Integer.toString(settings.maxHeldPollsSetting()))
                // The held-poll section spreads its polls over a few agents: far more per agent than a real one holds.
                .controlPlaneEnv("CORRAL_MAX_HELD_POLLS_PER_AGENT", Integer.toString(settings.maxHeldPollsSetting()))
                .build();
        Stack stack = BenchStack.prepare(options);
        BenchStack.watchdog(stack, 25);
        AgentFleet fleet = null;
        int exit = 0;
        try {
            BenchStack.printHeader();
            BenchStack.launch(stack, report, false);
            ControlPlaneProbe probe = new ControlPlaneProbe(stack.controlPlaneUrl(), dataDir);
            CpuMeter cpu = new CpuMeter(probe.pid(), dataDir);
            describeMetrics(probe, report);
            String[] db = {stack.jdbcUrl(), stack.dbUser(), stack.dbPassword()};
            PgStats pg = new PgStats(db);
            describeStatements(pg, pgPrepared, report);

            if (!skip.contains("pg")) {
                try {
                    new PostgresReference(db[0], db[1], db[2]).run(settings.pgThreads(), settings.pgSeconds(), report);
                    new PureSqlLifecycle(db).run(settings.pgThreads(), settings.pgSeconds(), report);
                } catch (Exception e) {
                    report.failure("PostgreSQL reference", e);
                }
            }

            Api api = new Api(stack.controlPlaneUrl(), 2, "bench-http");
            String operator = token(api, stack.apiToken(), "bench-operator", 100_000);
            fleet = new AgentFleet(api);
            fleet.register(stack.apiToken(), settings.agents(), "bench");
            fleet.startHeartbeats(settings.heartbeatSeconds());
            AtomicLong sequence = new AtomicLong();
            BatchSupport batch = BatchSupport.probe(api, operator, fleet, report);

            double floorMicros = -1;
            if (!skip.contains("floor")) {
                try {
                    String idle = api.expect(201, "POST", "/api/v1/agents", stack.apiToken(),
                            Api.object().put("name", "bench-floor")).path("token").asText();
                    floorMicros = new RequestFloor(api.url(""), cpu, report).run(idle,
                            token(api, stack.apiToken(), "bench-limited", 1), settings.floorRequests());
                } catch (Exception e) {
                    report.failure("Floor per request", e);
                }
            }

            AgentFleet.Protocol protocol = AgentFleet.Protocol.parse(settings.agentProtocol());
            if (protocol == AgentFleet.Protocol.BATCH && !batch.agent()) {
                report.detail("Batch endpoints", "agentProtocol=batch asked for, but this control plane has no batched "
                        + "start/results: the emulated agents use the per-id calls");
                protocol = AgentFleet.Protocol.PER_ID;
            }
            fleet.protocol(protocol);
            if (!skip.contains("lifecycle") || !skip.contains("latency")) {
                fleet.startWorkers(settings.workersPerAgent(), 25, settings.pollMax());
            }
            double maxSingle = -1;
            LifecycleThroughput lifecycle = null;
            if (!skip.contains("lifecycle")) {
                lifecycle = new LifecycleThroughput(api, operator, fleet, settings, report, probe, cpu, pg,
                        db, sequence).floorMicros(floorMicros);
                if (settings.enqueueModes().contains("single")) {
                    try {
                        maxSingle = lifecycle.run(LifecycleLoad.Enqueue.SINGLE);
                    } catch (Exception e) {
                        report.failure("Lifecycle throughput, single enqueue", e);
                    }
                }
                if (settings.enqueueModes().contains("batch")) {
                    if (!batch.enqueue()) {
                        report.row("Max, batch enqueue", "lifecycles/s", "not measured: no POST /commands/batch",
                                ">= 2,000 /s", false);
                    } else {
                        try {
                            lifecycle.run(LifecycleLoad.Enqueue.BATCH);
                        } catch (Exception e) {
                            report.failure("Lifecycle throughput, batch enqueue", e);
                        }
                    }
                }
            }
            if (!skip.contains("latency")) {
                DeliveryLatency latency = new DeliveryLatency(api, operator, fleet, report, sequence, db)
                        .loadThreads(settings.enqueuers());
                for (int rate : settings.latencyRates()) {
                    try {
                        latency.run(rate, settings.latencyWarmupSeconds(), settings.latencySeconds());
                    } catch (Exception e) {
                        report.failure("Delivery latency idle @" + rate + "/s", e);
                    }
                }
                for (int percent : settings.latencyLoads()) {
                    if (maxSingle <= 0) {
                        report.detail("Delivery latency", percent + " % load: not measured, no single-enqueue maximum in this run");
                        continue;
                    }
                    try {
                        latency.underLoad(percent, maxSingle, settings.latencyWarmupSeconds(), settings.latencySeconds(),
                                settings.tracers());
                    } catch (Exception e) {
                        report.failure("Delivery latency @" + percent + " % load", e);
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
            // Last: JFR leaves threads of its own in the control plane, which the held-polls count must not see.
            if (lifecycle != null && settings.profile() && !skip.contains("profile")) {
                try {
                    fleet.startWorkers(settings.workersPerAgent(), 25, settings.pollMax());
                    lifecycle.profile();
                } catch (Exception e) {
                    report.failure("Profiled window", e);
                }
            }
            Map<String, Long> errors = fleet.errors();
            report.detail("Errors seen by the emulated agents (whole run)", errors.isEmpty() ? "none" : errors.toString());
            report.detail("Errors seen by the emulated agents (whole run)", "heartbeat failures: " + fleet.heartbeatFailures());
            StringBuilder sent = new StringBuilder();
            RequestCounts.snapshot().forEach((k, v) -> sent.append(k.label).append(' ').append(String.format("%,d", v)).append("; "));
            report.detail("Requests sent by the lean load generator (whole run)", sent.toString());
        } catch (Exception e) {
            report.failure("run", e);
            e.printStackTrace();
            exit = 1;
        } finally {
            if (fleet != null) {
                fleet.close();
            }
            stack.close();
        }
        report.finish(settings, exit);
    }

    private static String token(Api api, String admin, String name, int ratePerSecond) throws IOException {
        return api.expect(201, "POST", "/api/v1/tokens", admin, Api.object().put("name", name).put("role", "operator")
                .put("ratePerSecond", ratePerSecond)).path("token").asText();
    }

    private static void describeStatements(PgStats pg, String prepareProblem, Report report) {
        String section = "How PostgreSQL was observed";
        if (pg.enableStatements()) {
            report.detail(section, "pg_stat_statements (shipped with the embedded zonky PostgreSQL 14 binaries): the data "
                    + "directory is initialised by the benchmark before the stack starts, with shared_preload_libraries = "
                    + "'pg_stat_statements' in postgresql.auto.conf (the launcher passes no such setting itself); statements "
                    + "per lifecycle = delta of sum(calls) of the stack's database");
        } else {
            report.detail(section, "pg_stat_statements not available (" + (prepareProblem != null ? prepareProblem + "; " : "")
                    + pg.statementsProblem() + "): no statement counts; rows touched per lifecycle (pg_stat_database tup_*) "
                    + "stand in for them");
        }
        report.detail(section, "transactions per lifecycle = delta of pg_stat_database xact_commit + xact_rollback of the "
                + "stack's database (the statistics collector lags by up to about 0.5 s at either end of a window)");
        report.detail(section, "CPU of PostgreSQL = the postmaster and all its child processes, from /proc");
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
}
