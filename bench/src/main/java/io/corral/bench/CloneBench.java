package io.corral.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.corral.launcher.LaunchOptions;
import io.corral.launcher.Stack;
import io.corral.pvesim.ClusterState;
import io.corral.pvesim.Task;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Clone benchmark (issue acceptance: "100 clones of one template against the simulator with
 * realistic durations (time-scaled): wall time against the serial minimum, target ≤ 1.1×, 0 lock
 * errors"). Starts the stack with the simulator's durations scaled by {@code factor}, enqueues
 * {@code clones} {@code proxmox.clone} commands of one template at once through the user API, waits
 * until all are final and compares the wall time with the sum of the clone task durations, which
 * a thread of this JVM times by sampling the in-process simulator's task list every
 * {@code sampleMs}. Writes bench/results/clones-DATE-HHMM.md. See bench/README.md.
 */
public final class CloneBench {

    /** Simulator default for a linked QEMU clone (pve-sim CloneKind.QEMU_LINKED). */
    private static final double LINKED_QEMU_CLONE_SECONDS = 5.0;

    private CloneBench() {
    }

    /** One clone task as sampled: first seen running, first seen stopped (System.nanoTime). */
    static final class Sampled {
        final String upid;
        final String vmid;
        final long seen;
        volatile long ended;
        volatile String exitStatus;

        Sampled(String upid, String vmid, long seen) {
            this.upid = upid;
            this.vmid = vmid;
            this.seen = seen;
        }
    }

    public static void main(String[] args) throws Exception {
        BenchSettings settings = BenchSettings.parse(args);
        double factor = settings.pveTimeFactor();
        int clones = settings.clones();
        String node = settings.cloneNode();
        int template = settings.cloneTemplate();
        int firstId = settings.firstNewId();
        int sampleMs = settings.sampleMillis();
        Report report = new Report("clones", "Clone benchmark",
                "`bench/run.sh clone` (`io.corral.bench.CloneBench`)", true);
        Path dataDir = settings.dataDir();
        CommandBusBench.deleteRecursively(dataDir);
        LaunchOptions.Builder builder = LaunchOptions.forTests(dataDir)
                .stackDir(settings.stackDir())
                .pveTimeFactor(factor)
                .controlPlaneEnv("CORRAL_API_RATE_PER_SECOND", "100000");
        settings.agentEnv().forEach(builder::agentEnv);
        Stack stack = new Stack(builder.build()).onProgress(m -> System.out.println("  stack: " + m));
        Thread stopper = new Thread(stack::close, "stop-stack");
        Runtime.getRuntime().addShutdownHook(stopper);
        CommandBusBench.startWatchdog(stack);
        String phase = String.format(Locale.ROOT, "Clones ×%d f=%s", clones, factor);
        int exit = 0;
        ExecutorService waiters = Executors.newFixedThreadPool(Math.min(clones, 200), r -> {
            Thread t = new Thread(r, "clone-wait");
            t.setDaemon(true);
            return t;
        });
        try {
            System.out.printf("| %-18s | %-44s | %-34s | %-12s | %-6s |%n", "Phase", "Figure", "Measured", "Target", "");
            long t0 = System.nanoTime();
            stack.launch();
            report.row("Start", "stack up (PostgreSQL, simulator, control plane, agent)",
                    String.format("%.1f s", (System.nanoTime() - t0) / 1e9), "", null);

            // Sampler: times the clone tasks of the template from the simulator's task list.
            ClusterState state = stack.simulator().state();
            Map<String, Sampled> tasks = new ConcurrentHashMap<>();
            String templateId = Integer.toString(template);
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    long now = System.nanoTime();
                    for (Task task : state.tasks()) {
                        if (!task.upid().type().endsWith("clone") || !templateId.equals(task.upid().id())) {
                            continue;
                        }
                        String upid = task.upid().toString();
                        Sampled s = tasks.computeIfAbsent(upid, u -> new Sampled(u, templateId, now));
                        if (s.ended == 0 && !task.isRunning()) {
                            s.exitStatus = task.exitStatus();
                            s.ended = now;
                        }
                    }
                    try {
                        Thread.sleep(sampleMs);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "clone-sampler");
            sampler.setDaemon(true);
            sampler.start();

            Api api = new Api(stack.controlPlaneUrl(), 16, "clone-http");
            String token = stack.apiToken();
            String agent = stack.agentId();

            // Enqueue all at once.
            long start = System.nanoTime();
            List<CompletableFuture<Api.Reply>> posts = new ArrayList<>();
            for (int i = 0; i < clones; i++) {
                var payload = Api.object().put("node", node).put("vmid", template).put("newid", firstId + i)
                        .put("name", "bench-" + i);
                posts.add(api.send("POST", "/api/v1/commands", token, Api.object().put("agent", agent)
                        .put("type", "proxmox.clone").<com.fasterxml.jackson.databind.node.ObjectNode>set("payload", payload),
                        Duration.ofSeconds(60)));
            }
            List<String> ids = new ArrayList<>();
            long lastAck = start;
            Map<String, Integer> enqueueErrors = new TreeMap<>();
            for (CompletableFuture<Api.Reply> f : posts) {
                Api.Reply r = f.join();
                lastAck = Math.max(lastAck, r.receivedNanos());
                if (r.status() == 201) {
                    ids.add(r.json().path("id").asText());
                } else {
                    enqueueErrors.merge(r.status() + " " + r.body(), 1, Integer::sum);
                }
            }
            report.row(phase, "enqueue " + clones + " commands (first POST → last 201)",
                    String.format("%.0f ms", (lastAck - start) / 1e6), "", null);
            if (!enqueueErrors.isEmpty()) {
                report.detail("Enqueue", "refused: " + enqueueErrors);
            }

            // Wait until every command is final.
            double nominalSeconds = clones * LINKED_QEMU_CLONE_SECONDS * factor;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos((long) (nominalSeconds * 3 + 120));
            List<Future<JsonNode>> finals = new ArrayList<>();
            long[] finalSeen = new long[ids.size()];
            for (int i = 0; i < ids.size(); i++) {
                String id = ids.get(i);
                int idx = i;
                finals.add(waiters.submit(() -> {
                    while (true) {
                        Api.Reply r = api.call("GET", "/api/v1/commands/" + id + "?wait=30", token, null);
                        JsonNode c = r.json();
                        String status = c.path("status").asText();
                        if (r.status() == 200 && List.of("succeeded", "failed", "expired", "cancelled").contains(status)) {
                            finalSeen[idx] = r.receivedNanos();
                            return c;
                        }
                        if (System.nanoTime() > deadline) {
                            return c;
                        }
                    }
                }));
            }
            Map<String, Integer> byStatus = new TreeMap<>();
            Map<String, Integer> errors = new TreeMap<>();
            int commandLockErrors = 0;
            long end = start;
            for (int i = 0; i < finals.size(); i++) {
                JsonNode c = finals.get(i).get();
                String status = c.path("status").asText("?");
                byStatus.merge(status, 1, Integer::sum);
                end = Math.max(end, finalSeen[i]);
                if (!c.path("error").isNull() && !c.path("error").isMissingNode()) {
                    String msg = c.path("error").path("code").asText() + ": " + c.path("error").path("message").asText();
                    errors.merge(msg, 1, Integer::sum);
                    if (msg.toLowerCase(Locale.ROOT).contains("lock")) {
                        commandLockErrors++;
                    }
                }
            }
            Thread.sleep(Math.max(50, 5L * sampleMs));
            sampler.interrupt();
            sampler.join(5000);

            double wall = (end - start) / 1e9;
            int succeeded = byStatus.getOrDefault("succeeded", 0);

            // Clone tasks, in the order they ended; a clone's work starts once the previous one ended.
            List<Sampled> done = tasks.values().stream().filter(s -> s.ended != 0)
                    .sorted(Comparator.comparingLong(s -> s.ended)).toList();
            long running = tasks.values().stream().filter(s -> s.ended == 0).count();
            int taskLockErrors = 0;
            Map<String, Integer> exitStatuses = new TreeMap<>();
            for (Sampled s : done) {
                exitStatuses.merge(s.exitStatus, 1, Integer::sum);
                if (s.exitStatus != null && s.exitStatus.toLowerCase(Locale.ROOT).contains("lock")) {
                    taskLockErrors++;
                }
            }
            double serial = 0;
            double[] gaps = new double[Math.max(0, done.size() - 1)];
            int overlaps = 0;
            for (int i = 0; i < done.size(); i++) {
                Sampled s = done.get(i);
                long workStart = i == 0 ? s.seen : Math.max(s.seen, done.get(i - 1).ended);
                serial += (s.ended - workStart) / 1e9;
                if (i > 0) {
                    gaps[i - 1] = (s.seen - done.get(i - 1).ended) / 1e6;
                    if (s.seen < done.get(i - 1).ended) {
                        overlaps++;
                    }
                }
            }
            double head = done.isEmpty() ? 0 : (done.get(0).seen - start) / 1e9;
            double tail = done.isEmpty() ? 0 : (end - done.get(done.size() - 1).ended) / 1e9;
            double ratio = serial > 0 ? wall / serial : Double.NaN;

            report.row(phase, "wall: first POST → last command final", String.format("%.2f s", wall), "", null);
            report.row(phase, "serial minimum: Σ clone task durations (measured)",
                    String.format("%.2f s (%d tasks)", serial, done.size()), "", null);
            report.row(phase, "serial minimum, nominal",
                    String.format(Locale.ROOT, "%.2f s (%d × %.0f s × %s)", nominalSeconds, clones,
                            LINKED_QEMU_CLONE_SECONDS, factor), "", null);
            report.row(phase, "wall / serial minimum (measured)", String.format("%.3f×", ratio), "≤ 1.1×",
                    ratio <= 1.1);
            report.row(phase, "wall / serial minimum (nominal)", String.format("%.3f×", wall / nominalSeconds), "≤ 1.1×",
                    wall / nominalSeconds <= 1.1);
            report.row(phase, "commands succeeded", succeeded + " / " + clones, clones + "", succeeded == clones);
            report.row(phase, "clone tasks whose exit status mentions a lock", Integer.toString(taskLockErrors), "0",
                    taskLockErrors == 0);
            report.row(phase, "per-clone overhead (wall − serial) / " + clones,
                    String.format("%.1f ms", (wall - serial) * 1000 / clones), "", null);
            report.row(phase, "gap end(i) → start(i+1) p50 / p99 / max",
                    String.format("%.1f / %.1f / %.1f ms", pct(gaps, 50), pct(gaps, 99), pct(gaps, 100)), "", null);
            report.row(phase, "first POST → first task start", String.format("%.0f ms", head * 1000), "", null);
            report.row(phase, "last task end → last command final", String.format("%.0f ms", tail * 1000), "", null);

            String section = "Clones";
            report.detail(section, "command statuses: " + byStatus);
            report.detail(section, "command errors: " + (errors.isEmpty() ? "none" : errors.toString())
                    + "; of them mentioning a lock: " + commandLockErrors);
            report.detail(section, "clone tasks of template " + template + " seen in the simulator: " + tasks.size()
                    + " (" + done.size() + " ended, " + running + " still running); exit statuses: " + exitStatuses);
            report.detail(section, "tasks overlapping the previous one (started before it ended, i.e. waiting for "
                    + "the template's flock): " + overlaps);
            report.detail(section, String.format("wall = head %.3f s + Σ durations %.3f s + Σ gaps %.3f s + tail %.3f s",
                    head, serial, Arrays.stream(gaps).map(g -> Math.max(0, g)).sum() / 1000, tail));
            if (!done.isEmpty()) {
                double[] durations = new double[done.size()];
                for (int i = 0; i < done.size(); i++) {
                    durations[i] = (done.get(i).ended - done.get(i).seen) / 1e6;
                }
                report.detail(section, String.format("task durations (first seen running → first seen stopped) "
                                + "p50 / p99 / max: %.1f / %.1f / %.1f ms; nominal %.1f ms",
                        pct(durations, 50), pct(durations, 99), pct(durations, 100),
                        LINKED_QEMU_CLONE_SECONDS * factor * 1000));
            }
            report.detail(section, "How it is measured: wall from just before the first POST /api/v1/commands to the "
                    + "arrival of the last final answer of GET /api/v1/commands/{id}?wait=30 (one waiting client per "
                    + "command). Task times come from sampling the in-process simulator's task list every " + sampleMs
                    + " ms (the simulator's own task times are whole epoch seconds): start = first seen, end = first "
                    + "seen stopped, so each figure is late by up to one sampling interval. The measured serial "
                    + "minimum sums, in end order, end(i) − max(start(i), end(i−1)): time a task spent waiting for "
                    + "the template's flock behind the previous clone is not counted as clone work.");
            report.detail(section, "Agent environment added: " + (settings.agentEnv().isEmpty() ? "none (defaults)"
                    : settings.agentEnv().toString()));
        } catch (Exception e) {
            report.failure("run", e);
            e.printStackTrace();
            exit = 1;
        } finally {
            waiters.shutdownNow();
            stack.close();
            Runtime.getRuntime().removeShutdownHook(stopper);
        }
        Path file = report.write(settings.resultsDir(), MachineInfo.describe(settings.root(), settings.payaraVersion()),
                settings.echo());
        System.out.println();
        System.out.println(report.table());
        System.out.println("Report: " + file);
        System.exit(exit);
    }

    /** Nearest-rank percentile of {@code values} (p = 100: the maximum); NaN when empty. */
    static double pct(double[] values, double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
    }
}
