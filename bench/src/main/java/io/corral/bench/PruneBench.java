package io.corral.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.corral.launcher.LaunchOptions;
import io.corral.launcher.Stack;

import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

/**
 * Retention prune benchmark (issue 9: "pruning rate with ≥ 1,000,000 old rows seeded, target
 * ≥ 20,000 rows/s; the change in delivery p99 while the command benchmark runs alongside, target
 * ≤ 20 % worse"). Starts the stack with the prune's pause budget at {@code duty} %, then:
 * <ol>
 * <li>seeds {@code commands} old final commands with {@code events} events each and prunes them
 *     through {@code POST /api/v1/maintenance/prune} with nothing else running (the rate);</li>
 * <li>seeds as many again, measures enqueue-to-delivery latency of held polls (the command
 *     benchmark's delivery phase, {@code rate}/s in windows of {@code window} s) before, during
 *     and after a second prune, and compares the median p99 of the windows during the prune with
 *     that of the windows around it.</li>
 * </ol>
 * Writes bench/results/prune-DATE-HHMM.md. See bench/README.md.
 */
public final class PruneBench {


    private PruneBench() {
    }

    public static void main(String[] args) throws Exception {
        BenchSettings settings = BenchSettings.parse(args);
        int commands = settings.pruneCommands();
        int events = settings.pruneEventsPerCommand();
        int duty = settings.pruneDutyPercent();
        int rate = settings.pruneRate();
        int window = settings.pruneWindowSeconds();
        Report report = new Report("prune", "Retention prune benchmark", "`bench/run.sh prune` (`io.corral.bench.PruneBench`)", true);
        // its own data directory: another benchmark may have left (or be using) the default one
        Path dataDir = settings.dataDir("prune-data");
        BenchStack.deleteRecursively(dataDir);
        LaunchOptions options = LaunchOptions.forTests(dataDir)
                .stackDir(settings.stackDir())
                .heartbeatSeconds(10)
                .agentTtlSeconds(30)
                .controlPlaneEnv("CORRAL_PRUNE_SCHEDULE", "off")
                .controlPlaneEnv("CORRAL_PRUNE_MAX_DUTY_PERCENT", Integer.toString(duty))
                .controlPlaneEnv("CORRAL_PRUNE_CHUNK_ROWS", Integer.toString(settings.pruneChunkRows()))
                .build();
        Stack stack = BenchStack.prepare(options);
        BenchStack.watchdog(stack, 45);
        AgentFleet fleet = null;
        int exit = 0;
        try {
            BenchStack.printHeader();
            BenchStack.launch(stack, report, false);
            String[] db = {stack.jdbcUrl(), stack.dbUser(), stack.dbPassword()};
            Api api = new Api(stack.controlPlaneUrl(), 8, "bench-http");
            String admin = stack.apiToken();
            OldCommands old = new OldCommands(db);

            // 1. the rate, nothing else running
            String seedA = api.expect(201, "POST", "/api/v1/agents", admin, Api.object().put("name", "prune-seed-a"))
                    .path("id").asText();
            seed(old, seedA, commands, events, "Prune alone", report);
            JsonNode alone = prune(api, admin, report, "Prune alone", duty, null);
            report.row("Prune alone", "old final commands left", Long.toString(old.oldFinal(seedA, 30)), "0",
                    old.oldFinal(seedA, 30) == 0);

            // 2. delivery latency before, during and after a prune
            String seedB = api.expect(201, "POST", "/api/v1/agents", admin, Api.object().put("name", "prune-seed-b"))
                    .path("id").asText();
            seed(old, seedB, commands, events, "Prune alongside", report);
            String operator = api.expect(201, "POST", "/api/v1/tokens", admin, Api.object()
                    .put("name", "bench-operator").put("role", "operator").put("ratePerSecond", 100_000)).path("token").asText();
            fleet = new AgentFleet(api);
            fleet.register(admin, settings.pruneAgents(), "bench");
            fleet.startHeartbeats(10);
            fleet.startWorkers(2, 25, 10);
            DeliveryLatency latency = new DeliveryLatency(api, operator, fleet, report, new AtomicLong(), db);
            latency.sample(rate, settings.pruneWarmupSeconds(), 0);
            List<DeliveryLatency.Result> before = new ArrayList<>();
            for (int i = 0; i < settings.pruneWindows(); i++) {
                before.add(window(report, latency, rate, window, "before the prune " + (i + 1)));
            }
            PruneWatch watch = new PruneWatch(api, admin);
            String runId = watch.start();
            List<DeliveryLatency.Result> during = new ArrayList<>();
            while (true) {
                DeliveryLatency.Result r = window(report, latency, rate, window, "during the prune " + (during.size() + 1));
                if (!watch.running(runId)) {
                    report.detail("Prune alongside", "window \"during the prune " + (during.size() + 1)
                            + "\" not counted: the prune ended before it did");
                    break;
                }
                during.add(r);
            }
            prune(api, admin, report, "Prune alongside", duty, watch.await(runId));
            List<DeliveryLatency.Result> after = new ArrayList<>();
            for (int i = 0; i < settings.pruneWindows(); i++) {
                after.add(window(report, latency, rate, window, "after the prune " + (i + 1)));
            }
            compare(report, "delivery p99 during vs without the prune", before, during, after,
                    r -> r.fromSend().percentileMillis(99), "<= +20 %", 20.0);
            compare(report, "POST /commands p99 during vs without", before, during, after,
                    r -> r.enqueue().percentileMillis(99), "", null);
            report.detail("Prune alongside", String.format("%d emulated agents with 2 held polls each; commands posted "
                    + "open-loop at %d/s (the command benchmark's delivery phase); %d s warm-up, then %d windows of %d s "
                    + "before the prune, windows of %d s while it runs (the last one, which it does not outlast, is "
                    + "dropped), %d windows after it. Figures compare the median of the windows' p99 (one window "
                    + "disturbed by something else on this shared machine moves a median less than a pooled p99) "
                    + "with the lower of the medians before and after the prune, so that a drift of the baseline "
                    + "(JIT warm-up, autovacuum after the deletes) cannot make the prune look cheaper",
                    settings.pruneAgents(), rate, settings.pruneWarmupSeconds(), settings.pruneWindows(), window, window,
                    settings.pruneWindows()));
            report.detail("Errors seen by the emulated agents", fleet.errors().isEmpty() ? "none" : fleet.errors().toString());
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

    private static void seed(OldCommands old, String agentId, int commands, int events, String phase, Report report)
            throws Exception {
        long t = System.nanoTime();
        old.seed(agentId, commands, events);
        double seeded = (System.nanoTime() - t) / 1e9;
        t = System.nanoTime();
        old.settle();
        report.detail(phase, String.format("seeded %,d final commands finished 40–70 days ago with %d events each "
                        + "(%,d rows) in %.0f s; vacuum analyze + checkpoint %.0f s; the command table holds %,d rows",
                commands, events, (long) commands * (1 + events), seeded, (System.nanoTime() - t) / 1e9,
                old.count("select count(*) from command")));
    }

    /** Runs a prune (or follows {@code ended}, already awaited) and reports its rate. */
    private static JsonNode prune(Api api, String admin, Report report, String phase, int duty, JsonNode ended)
            throws Exception {
        JsonNode run = ended;
        if (run == null) {
            PruneWatch watch = new PruneWatch(api, admin);
            run = watch.await(watch.start());
        }
        long commands = run.path("removed").path("command").asLong();
        long events = run.path("removed").path("command_event").asLong();
        long rows = commands + events;
        double wall = Duration.between(OffsetDateTime.parse(run.path("startedAt").asText()),
                OffsetDateTime.parse(run.path("finishedAt").asText())).toMillis() / 1000.0;
        double busy = run.path("busyMs").asLong() / 1000.0;
        double paused = run.path("pausedMs").asLong() / 1000.0;
        report.row(phase, "run outcome", run.path("status").asText() + " (" + run.path("chunks").asInt() + " chunks)",
                "succeeded", "succeeded".equals(run.path("status").asText()));
        report.row(phase, "rows removed (commands + events)", String.format("%,d + %,d = %,d", commands, events, rows), "", null);
        report.row(phase, "pruning rate, wall time", String.format("%,.0f rows/s (%,.0f commands/s, %.1f s)",
                rows / wall, commands / wall, wall), ">= 20,000 rows/s", rows / wall >= 20_000);
        report.row(phase, "pruning rate, busy time only", String.format("%,.0f rows/s (busy %.1f s, paused %.1f s)",
                rows / busy, busy, paused), "", null);
        report.row(phase, "busy share of wall time", String.format("%.0f %%", 100 * busy / wall),
                "<= " + duty + " %", null);
        return run;
    }

    private static DeliveryLatency.Result window(Report report, DeliveryLatency latency, int rate, int seconds, String when)
            throws Exception {
        DeliveryLatency.Result r = latency.sample(rate, 0, seconds);
        latencyRow(report, when, rate, r);
        return r;
    }

    private static void compare(Report report, String figure, List<DeliveryLatency.Result> before,
                                List<DeliveryLatency.Result> during, List<DeliveryLatency.Result> after,
                                ToDoubleFunction<DeliveryLatency.Result> p99, String target, Double maxIncreasePercent) {
        if (during.isEmpty()) {
            report.row("Prune alongside", figure, "no window while the prune ran (seed more commands)", target,
                    maxIncreasePercent == null ? null : false);
            return;
        }
        double beforeMedian = median(before.stream().mapToDouble(p99).toArray());
        double afterMedian = median(after.stream().mapToDouble(p99).toArray());
        double base = Math.min(beforeMedian, afterMedian);
        double with = median(during.stream().mapToDouble(p99).toArray());
        double change = 100.0 * (with - base) / base;
        report.row("Prune alongside", figure, String.format("median %s ms (%d windows) vs %s ms: %+.0f %% "
                        + "(medians before %s, after %s ms)", Latency.ms(with), during.size(), Latency.ms(base), change,
                Latency.ms(beforeMedian), Latency.ms(afterMedian)), target,
                maxIncreasePercent == null ? null : change <= maxIncreasePercent);
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static void latencyRow(Report report, String when, int rate, DeliveryLatency.Result r) {
        report.row("Delivery @" + rate + "/s", "sent -> poll answer, " + when, (r.overloaded() ? "OVERLOADED: " : "")
                + r.fromSend().summary() + "; POST p99 " + Latency.ms(r.enqueue().percentileMillis(99)) + " ms", "", null);
        if (r.delivered() != r.sent()) {
            report.detail("Prune alongside", when + ": " + (r.sent() - r.delivered()) + " of " + r.sent()
                    + " commands not delivered; errors " + r.errors());
        }
    }

    /** Starts a prune run through the API and follows it. */
    private record PruneWatch(Api api, String admin) {
        String start() throws Exception {
            return api.expect(202, "POST", "/api/v1/maintenance/prune", admin, null).path("id").asText();
        }

        boolean running(String runId) throws Exception {
            return "running".equals(get(runId).path("status").asText());
        }

        JsonNode await(String runId) throws Exception {
            JsonNode run = get(runId);
            while ("running".equals(run.path("status").asText())) {
                Thread.sleep(500);
                run = get(runId);
            }
            return run;
        }

        private JsonNode get(String runId) throws Exception {
            return api.expect(200, "GET", "/api/v1/maintenance/prune-runs/" + runId, admin, null);
        }
    }
}
