package io.corral.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.launcher.LaunchOptions;
import io.corral.launcher.Stack;
import io.corral.pvesim.ClusterState;
import io.corral.pvesim.Guest;
import io.corral.pvesim.Task;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
 * errors"). Starts the stack with the simulator's durations scaled by {@code factor} and compares
 * the wall time of {@code clones} clones of one template with the sum of the clone task durations,
 * which a thread of this JVM times by sampling the in-process simulator's task list every
 * {@code sampleMs}. Two modes ({@code mode=}):
 * <ul>
 * <li>{@code commands} (default): enqueues {@code clones} {@code proxmox.clone} commands at once
 * through the user API and waits until all are final. Writes bench/results/clones-DATE-HHMM.md.</li>
 * <li>{@code run} ({@code bench/run.sh clone-run}): creates one clone run
 * ({@code POST /api/v1/clone-runs}) of {@code clones} clones and polls it every {@code pollMs} until
 * it is final. Writes bench/results/clone-run-DATE-HHMM.md.</li>
 * </ul>
 * See bench/README.md.
 */
public final class CloneBench {

    /** Simulator default for a linked QEMU clone (pve-sim CloneKind.QEMU_LINKED). */
    private static final double LINKED_QEMU_CLONE_SECONDS = 5.0;
    /** Simulator default for a full QEMU clone (pve-sim CloneKind.QEMU_FULL). */
    private static final double FULL_QEMU_CLONE_SECONDS = 20.0;

    private static final Set<String> RUN_FINAL = Set.of("succeeded", "failed", "cancelled");

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

    /** Times the clone tasks of the template from the in-process simulator's task list. */
    static final class Sampler {
        final Map<String, Sampled> tasks = new ConcurrentHashMap<>();
        private final Thread thread;
        private final int sampleMs;

        Sampler(ClusterState state, int template, int sampleMs) {
            this.sampleMs = sampleMs;
            String templateId = Integer.toString(template);
            thread = new Thread(() -> {
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
            thread.setDaemon(true);
            thread.start();
        }

        /** Lets the sampler see the last task end, then stops it. */
        void stop() throws InterruptedException {
            Thread.sleep(Math.max(50, 5L * sampleMs));
            thread.interrupt();
            thread.join(5000);
        }
    }

    /**
     * The sampled clone tasks in the order they ended; a clone's work starts once the previous one
     * ended: serial = Σ end(i) − max(start(i), end(i−1)), gaps start(i+1) − end(i) in ms.
     */
    static final class TaskTimes {
        final List<Sampled> done;
        final long running;
        final int lockErrors;
        final Map<String, Integer> exitStatuses = new TreeMap<>();
        final double serial;
        final double[] gaps;
        final int overlaps;

        TaskTimes(Map<String, Sampled> tasks) {
            done = tasks.values().stream().filter(s -> s.ended != 0)
                    .sorted(Comparator.comparingLong(s -> s.ended)).toList();
            running = tasks.values().stream().filter(s -> s.ended == 0).count();
            int locks = 0;
            for (Sampled s : done) {
                exitStatuses.merge(s.exitStatus, 1, Integer::sum);
                if (s.exitStatus != null && s.exitStatus.toLowerCase(Locale.ROOT).contains("lock")) {
                    locks++;
                }
            }
            lockErrors = locks;
            double sum = 0;
            gaps = new double[Math.max(0, done.size() - 1)];
            int over = 0;
            for (int i = 0; i < done.size(); i++) {
                Sampled s = done.get(i);
                long workStart = i == 0 ? s.seen : Math.max(s.seen, done.get(i - 1).ended);
                sum += (s.ended - workStart) / 1e9;
                if (i > 0) {
                    gaps[i - 1] = (s.seen - done.get(i - 1).ended) / 1e6;
                    if (s.seen < done.get(i - 1).ended) {
                        over++;
                    }
                }
            }
            serial = sum;
            overlaps = over;
        }

        double positiveGapSeconds() {
            return Arrays.stream(gaps).map(g -> Math.max(0, g)).sum() / 1000;
        }

        double[] durationsMs() {
            double[] durations = new double[done.size()];
            for (int i = 0; i < done.size(); i++) {
                durations[i] = (done.get(i).ended - done.get(i).seen) / 1e6;
            }
            return durations;
        }
    }

    /** What both modes share once the stack is up. */
    record Run(BenchSettings settings, Report report, Stack stack, Api api, String token, String agent,
               Sampler sampler, double factor, int clones, String node, int template, int sampleMs, String phase) {
    }

    public static void main(String[] args) throws Exception {
        BenchSettings settings = BenchSettings.parse(args);
        String mode = settings.cloneMode();
        boolean runMode = switch (mode) {
            case "commands" -> false;
            case "run" -> true;
            default -> throw new IllegalArgumentException("mode is commands or run, not " + mode);
        };
        double factor = settings.pveTimeFactor();
        int clones = settings.clones();
        String node = settings.cloneNode();
        int template = settings.cloneTemplate();
        int firstId = runMode ? 0 : settings.firstNewId();
        int sampleMs = settings.sampleMillis();
        String vmidRange = runMode ? settings.vmidRange() : null;
        Report report = runMode
                ? new Report("clone-run", "Clone benchmark — one clone run",
                "`bench/run.sh clone-run` (`io.corral.bench.CloneBench`, `mode=run`)", true)
                : new Report("clones", "Clone benchmark",
                "`bench/run.sh clone` (`io.corral.bench.CloneBench`)", true);
        Path dataDir = settings.dataDir();
        BenchStack.deleteRecursively(dataDir);
        LaunchOptions.Builder builder = LaunchOptions.forTests(dataDir)
                .stackDir(settings.stackDir())
                .pveTimeFactor(factor)
                .controlPlaneEnv("CORRAL_API_RATE_PER_SECOND", "100000");
        if (runMode) {
            builder.controlPlaneEnv("CORRAL_VMID_RANGE", vmidRange);
        }
        settings.agentEnv().forEach(builder::agentEnv);
        Stack stack = BenchStack.prepare(builder.build());
        BenchStack.watchdog(stack, 25);
        String phase = String.format(Locale.ROOT, runMode ? "Clone run ×%d f=%s" : "Clones ×%d f=%s", clones, factor);
        int exit = 0;
        ExecutorService waiters = Executors.newFixedThreadPool(Math.min(clones, 200), r -> {
            Thread t = new Thread(r, "clone-wait");
            t.setDaemon(true);
            return t;
        });
        try {
            BenchStack.printHeader();
            BenchStack.launch(stack, report, false);

            Sampler sampler = new Sampler(stack.simulator().state(), template, sampleMs);
            Api api = new Api(stack.controlPlaneUrl(), 16, "clone-http");
            Run run = new Run(settings, report, stack, api, stack.apiToken(), stack.agentId(), sampler, factor, clones,
                    node, template, sampleMs, phase);
            if (runMode) {
                cloneRun(run, vmidRange);
            } else {
                commands(run, firstId, waiters);
            }
        } catch (Exception e) {
            report.failure("run", e);
            e.printStackTrace();
            exit = 1;
        } finally {
            waiters.shutdownNow();
            stack.close();
        }
        report.finish(settings, exit);
    }

    /** mode=commands: {@code clones} single {@code proxmox.clone} commands posted at once. */
    private static void commands(Run c, int firstId, ExecutorService waiters) throws Exception {
        Report report = c.report();
        Api api = c.api();
        String token = c.token();
        String phase = c.phase();
        int clones = c.clones();
        double factor = c.factor();
        int sampleMs = c.sampleMs();

        // Enqueue all at once.
        long start = System.nanoTime();
        List<CompletableFuture<Api.Reply>> posts = new ArrayList<>();
        for (int i = 0; i < clones; i++) {
            var payload = Api.object().put("node", c.node()).put("vmid", c.template()).put("newid", firstId + i)
                    .put("name", "bench-" + i);
            posts.add(api.send("POST", "/api/v1/commands", token, Api.object().put("agent", c.agent())
                    .put("type", "proxmox.clone").<ObjectNode>set("payload", payload),
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
                    JsonNode cmd = r.json();
                    String status = cmd.path("status").asText();
                    if (r.status() == 200 && List.of("succeeded", "failed", "expired", "cancelled").contains(status)) {
                        finalSeen[idx] = r.receivedNanos();
                        return cmd;
                    }
                    if (System.nanoTime() > deadline) {
                        return cmd;
                    }
                }
            }));
        }
        Map<String, Integer> byStatus = new TreeMap<>();
        Map<String, Integer> errors = new TreeMap<>();
        int commandLockErrors = 0;
        long end = start;
        for (int i = 0; i < finals.size(); i++) {
            JsonNode cmd = finals.get(i).get();
            String status = cmd.path("status").asText("?");
            byStatus.merge(status, 1, Integer::sum);
            end = Math.max(end, finalSeen[i]);
            if (!cmd.path("error").isNull() && !cmd.path("error").isMissingNode()) {
                String msg = cmd.path("error").path("code").asText() + ": " + cmd.path("error").path("message").asText();
                errors.merge(msg, 1, Integer::sum);
                if (msg.toLowerCase(Locale.ROOT).contains("lock")) {
                    commandLockErrors++;
                }
            }
        }
        c.sampler().stop();

        double wall = (end - start) / 1e9;
        int succeeded = byStatus.getOrDefault("succeeded", 0);
        TaskTimes t = new TaskTimes(c.sampler().tasks);
        List<Sampled> done = t.done;
        double serial = t.serial;
        double[] gaps = t.gaps;
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
        report.row(phase, "clone tasks whose exit status mentions a lock", Integer.toString(t.lockErrors), "0",
                t.lockErrors == 0);
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
        report.detail(section, "clone tasks of template " + c.template() + " seen in the simulator: "
                + c.sampler().tasks.size() + " (" + done.size() + " ended, " + t.running + " still running); exit statuses: "
                + t.exitStatuses);
        report.detail(section, "tasks overlapping the previous one (started before it ended, i.e. waiting for "
                + "the template's flock): " + t.overlaps);
        report.detail(section, String.format("wall = head %.3f s + Σ durations %.3f s + Σ gaps %.3f s + tail %.3f s",
                head, serial, t.positiveGapSeconds(), tail));
        if (!done.isEmpty()) {
            double[] durations = t.durationsMs();
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
        report.detail(section, "Agent environment added: " + (c.settings().agentEnv().isEmpty() ? "none (defaults)"
                : c.settings().agentEnv().toString()));
    }

    /** One look at the run by the poller: when the answer arrived and the run's totals. */
    record Poll(long at, String status, int pending, int queued, int running, int succeeded, int failed,
                int cancelled) {
        static Poll of(long at, JsonNode run) {
            JsonNode t = run.path("totals");
            return new Poll(at, run.path("status").asText(), t.path("pending").asInt(), t.path("queued").asInt(),
                    t.path("running").asInt(), t.path("succeeded").asInt(), t.path("failed").asInt(),
                    t.path("cancelled").asInt());
        }

        /** Items in a final state. */
        int finished() {
            return succeeded + failed + cancelled;
        }
    }

    /** A run item's command as {@code GET /api/v1/commands/{id}} shows it, times in System.nanoTime. */
    record Cmd(int n, String id, String status, String upid, long created, long leased, long started, long finished) {
    }

    /** Wall clock and System.nanoTime read together: maps the control plane's timestamps onto this JVM's clock. */
    record Clock(Instant wall, long nanos) {
        static Clock now() {
            long before = System.nanoTime();
            Instant w = Instant.now();
            long after = System.nanoTime();
            return new Clock(w, before + (after - before) / 2);
        }

        /** {@code iso} (an ISO-8601 time from the API) in System.nanoTime; 0 when absent. */
        long nanos(JsonNode iso) {
            if (iso == null || iso.isNull() || iso.isMissingNode() || iso.asText().isEmpty()) {
                return 0;
            }
            Instant t = OffsetDateTime.parse(iso.asText()).toInstant();
            return nanos + Duration.between(wall, t).toNanos();
        }
    }

    /**
     * mode=run: one clone run of {@code clones} clones, polled every {@code pollMs} until final.
     * The control plane queues the clones as commands sharing the template's lock key, so it hands
     * the agent one at a time: between two clones the agent reports the end, the control plane frees
     * the key and the next clone reaches the agent's poll.
     */
    private static void cloneRun(Run c, String vmidRange) throws Exception {
        BenchSettings settings = c.settings();
        Report report = c.report();
        Api api = c.api();
        String token = c.token();
        String phase = c.phase();
        int clones = c.clones();
        double factor = c.factor();
        int pollMs = settings.pollMillis();
        boolean full = settings.cloneFull();
        String namePattern = settings.namePattern();
        String[] bounds = vmidRange.split("-");
        int low = Integer.parseInt(bounds[0].trim());
        int high = Integer.parseInt(bounds[1].trim());
        double cloneSeconds = (full ? FULL_QEMU_CLONE_SECONDS : LINKED_QEMU_CLONE_SECONDS) * factor;
        double nominalSeconds = clones * cloneSeconds;

        // The run is checked against the inventory: wait until the agent has reported the template.
        long t0 = System.nanoTime();
        String vms = "/api/v1/vms?agent=" + URLEncoder.encode(c.agent(), StandardCharsets.UTF_8) + "&node="
                + URLEncoder.encode(c.node(), StandardCharsets.UTF_8) + "&template=true";
        while (true) {
            Api.Reply r = api.call("GET", vms, token, null);
            boolean seen = false;
            if (r.status() == 200) {
                for (JsonNode vm : r.json().path("items")) {
                    seen |= vm.path("vmid").asInt() == c.template();
                }
            }
            if (seen) {
                break;
            }
            if (System.nanoTime() - t0 > TimeUnit.SECONDS.toNanos(120)) {
                throw new IOException("template " + c.template() + " not in the inventory after 120 s: " + r.body());
            }
            Thread.sleep(250);
        }
        report.row("Start", "template " + c.template() + " in the inventory",
                String.format("%.1f s later", (System.nanoTime() - t0) / 1e9), "", null);

        ObjectNode body = Api.object().put("agent", c.agent()).put("node", c.node()).put("vmid", c.template())
                .put("count", clones).put("namePattern", namePattern).put("full", full);
        Clock clock = Clock.now();
        long start = System.nanoTime();
        Api.Reply created = api.call("POST", "/api/v1/clone-runs", token, body);
        if (created.status() != 201) {
            throw new IOException("POST /api/v1/clone-runs answered " + created.status() + ": " + created.body());
        }
        report.row(phase, "POST /api/v1/clone-runs → 201", String.format("%.0f ms", (created.receivedNanos() - start) / 1e6),
                "", null);
        JsonNode run = created.json();
        String id = run.path("id").asText();

        // Poll at a fixed rate until the run is final.
        List<Poll> polls = new ArrayList<>();
        polls.add(Poll.of(created.receivedNanos(), run));
        int pollErrors = 0;
        long deadline = start + TimeUnit.SECONDS.toNanos((long) (nominalSeconds * 3 + 180));
        long tick = start;
        while (!RUN_FINAL.contains(run.path("status").asText())) {
            if (System.nanoTime() > deadline) {
                throw new IOException("clone run " + id + " not final after " + (deadline - start) / 1_000_000_000
                        + " s: " + run.path("status").asText() + " " + run.path("totals"));
            }
            tick += TimeUnit.MILLISECONDS.toNanos(pollMs);
            long sleep = tick - System.nanoTime();
            if (sleep > 0) {
                TimeUnit.NANOSECONDS.sleep(sleep);
            }
            Api.Reply r = api.call("GET", "/api/v1/clone-runs/" + id, token, null);
            if (r.status() != 200) {
                pollErrors++;
                continue;
            }
            run = r.json();
            polls.add(Poll.of(r.receivedNanos(), run));
        }
        long seenFinal = polls.get(polls.size() - 1).at();
        c.sampler().stop();

        long finishedAt = clock.nanos(run.path("finishedAt"));
        long end = finishedAt != 0 ? finishedAt : seenFinal;
        double wall = (end - start) / 1e9;
        double wallSeen = (seenFinal - start) / 1e9;

        // Items: outcome, errors, VMIDs.
        Map<String, Integer> itemStatuses = new TreeMap<>();
        Map<String, Integer> itemErrors = new TreeMap<>();
        int itemLockErrors = 0;
        List<Integer> vmids = new ArrayList<>();
        int outOfRange = 0;
        Map<Integer, String> nameOf = new HashMap<>();
        List<JsonNode> items = new ArrayList<>();
        run.path("items").forEach(items::add);
        for (JsonNode item : items) {
            itemStatuses.merge(item.path("status").asText("?"), 1, Integer::sum);
            JsonNode error = item.path("error");
            if (!error.isNull() && !error.isMissingNode()) {
                String msg = error.path("code").asText() + ": " + error.path("message").asText();
                itemErrors.merge(msg, 1, Integer::sum);
                if (msg.toLowerCase(Locale.ROOT).contains("lock")) {
                    itemLockErrors++;
                }
            }
            if (item.hasNonNull("vmid")) {
                int vmid = item.path("vmid").asInt();
                vmids.add(vmid);
                nameOf.put(vmid, item.path("name").asText());
                if (vmid < low || vmid > high) {
                    outOfRange++;
                }
            }
        }
        int unique = new HashSet<>(vmids).size();
        int inSimulator = 0;
        for (Guest g : c.stack().simulator().state().guests()) {
            String name = nameOf.get(g.vmid());
            if (name != null && name.equals(g.name())) {
                inSimulator++;
            }
        }
        int succeeded = itemStatuses.getOrDefault("succeeded", 0);
        int failed = itemStatuses.getOrDefault("failed", 0);

        // The items' commands: when each was queued, handed to the agent, started, finished; its UPID.
        Map<String, Cmd> byUpid = new HashMap<>();
        List<Cmd> cmds = new ArrayList<>();
        for (JsonNode item : items) {
            if (!item.hasNonNull("commandId")) {
                continue;
            }
            String cid = item.path("commandId").asText();
            Api.Reply r = api.call("GET", "/api/v1/commands/" + cid, token, null);
            if (r.status() != 200) {
                continue;
            }
            JsonNode cmd = r.json();
            Cmd x = new Cmd(item.path("n").asInt(), cid, cmd.path("status").asText(), cmd.path("upid").asText(null),
                    clock.nanos(cmd.path("createdAt")), clock.nanos(cmd.path("leasedAt")),
                    clock.nanos(cmd.path("startedAt")), clock.nanos(cmd.path("finishedAt")));
            cmds.add(x);
            if (x.upid() != null) {
                byUpid.put(x.upid(), x);
            }
        }

        TaskTimes t = new TaskTimes(c.sampler().tasks);
        List<Sampled> done = t.done;
        double serial = t.serial;
        double[] gaps = t.gaps;
        double ratio = serial > 0 ? wall / serial : Double.NaN;
        double head = done.isEmpty() ? 0 : (done.get(0).seen - start) / 1e9;
        double tail = done.isEmpty() ? 0 : (end - done.get(done.size() - 1).ended) / 1e9;
        int lockErrors = itemLockErrors + t.lockErrors;

        report.row(phase, "wall: POST → run finishedAt", String.format("%.2f s", wall), "", null);
        report.row(phase, "wall: POST → poll sees the run final", String.format("%.2f s (every %d ms)", wallSeen, pollMs),
                "", null);
        report.row(phase, "serial minimum: Σ clone task durations (measured)",
                String.format("%.2f s (%d tasks)", serial, done.size()), "", null);
        report.row(phase, "serial minimum, nominal",
                String.format(Locale.ROOT, "%.2f s (%d × %.0f s × %s)", nominalSeconds, clones,
                        full ? FULL_QEMU_CLONE_SECONDS : LINKED_QEMU_CLONE_SECONDS, factor), "", null);
        report.row(phase, "wall / serial minimum (measured)", String.format("%.3f×", ratio), "≤ 1.1×", ratio <= 1.1);
        report.row(phase, "wall / serial minimum (nominal)", String.format("%.3f×", wall / nominalSeconds), "≤ 1.1×",
                wall / nominalSeconds <= 1.1);
        report.row(phase, "run status", run.path("status").asText(), "succeeded",
                "succeeded".equals(run.path("status").asText()));
        report.row(phase, "items succeeded / failed", succeeded + " / " + failed, clones + " / 0",
                succeeded == clones && failed == 0);
        report.row(phase, "lock errors (item errors + clone task exits)", itemLockErrors + " + " + t.lockErrors, "0",
                lockErrors == 0);
        boolean vmidsOk = vmids.size() == clones && unique == vmids.size() && outOfRange == 0;
        report.row(phase, "VMIDs: unique / in " + vmidRange + " / of items",
                unique + " / " + (vmids.size() - outOfRange) + " / " + clones, clones + " / " + clones + " / " + clones,
                vmidsOk);
        report.row(phase, "guests in the simulator with the item's VMID and name", inSimulator + " / " + clones,
                clones + "", inSimulator == clones);
        report.row(phase, "per-clone overhead (wall − serial) / " + clones,
                String.format("%.1f ms", (wall - serial) * 1000 / clones), "", null);
        report.row(phase, "gap end(i) → start(i+1) p50 / p99 / max",
                String.format("%.1f / %.1f / %.1f ms", pct(gaps, 50), pct(gaps, 99), pct(gaps, 100)), "", null);
        report.row(phase, "POST → first task start", String.format("%.0f ms", head * 1000), "", null);
        report.row(phase, "last task end → run finishedAt", String.format("%.0f ms", tail * 1000), "", null);

        // Progress curve: items final as the poller saw them, and clone tasks ended in the simulator.
        double[] fractions = {0.25, 0.5, 0.75, 1.0};
        StringBuilder curve = new StringBuilder();
        List<String> table = new ArrayList<>();
        table.add("| % of wall | s after POST | items final (last poll before) | of them succeeded | clone tasks ended "
                + "(simulator) | steady pace |");
        table.add("|---|---|---|---|---|---|");
        for (double f : fractions) {
            long at = start + (long) (f * (end - start));
            Poll last = polls.get(0);
            for (Poll p : polls) {
                if (p.at() <= at) {
                    last = p;
                }
            }
            if (f == 1.0 && seenFinal > end) {
                last = polls.get(polls.size() - 1); // finishedAt is before the poll that saw it
            }
            long ended = done.stream().filter(s -> s.ended <= at).count();
            int ideal = (int) Math.round(f * clones);
            curve.append(curve.length() == 0 ? "" : " / ").append(last.finished());
            table.add(String.format(Locale.ROOT, "| %.0f %% | %.2f | %d | %d | %d | %d |", f * 100, (at - start) / 1e9,
                    last.finished(), last.succeeded(), ended, ideal));
        }
        report.row(phase, "items final at 25 / 50 / 75 / 100 % of wall", curve.toString(), "", null);
        StringBuilder reach = new StringBuilder();
        for (double f : fractions) {
            int want = (int) Math.ceil(f * clones);
            Poll first = polls.stream().filter(p -> p.finished() >= want).findFirst().orElse(null);
            reach.append(reach.length() == 0 ? "" : " / ")
                    .append(first == null ? "—" : String.format("%.1f", (first.at() - start) / 1e9));
        }
        report.row(phase, "s until 25 / 50 / 75 / 100 % of items final", reach + " s", "", null);

        String section = "Clone run";
        report.detail(section, "run " + id + ": status " + run.path("status").asText() + ", totals " + run.path("totals")
                + ", createdAt " + run.path("createdAt").asText() + ", startedAt " + run.path("startedAt").asText()
                + ", finishedAt " + run.path("finishedAt").asText());
        report.detail(section, "item statuses: " + itemStatuses + "; item errors: "
                + (itemErrors.isEmpty() ? "none" : itemErrors.toString()));
        report.detail(section, "VMIDs: " + vmids.size() + " given, " + unique + " distinct, " + outOfRange
                + " outside " + vmidRange + (vmids.isEmpty() ? "" : ", lowest " + vmids.stream().min(Integer::compare).get()
                + ", highest " + vmids.stream().max(Integer::compare).get()));
        report.detail(section, "clone tasks of template " + c.template() + " seen in the simulator: "
                + c.sampler().tasks.size() + " (" + done.size() + " ended, " + t.running + " still running); exit "
                + "statuses: " + t.exitStatuses + "; tasks overlapping the previous one: " + t.overlaps);
        report.detail(section, String.format("wall = head %.3f s + Σ durations %.3f s + Σ gaps %.3f s + tail %.3f s",
                head, serial, t.positiveGapSeconds(), tail));
        if (!done.isEmpty()) {
            double[] durations = t.durationsMs();
            report.detail(section, String.format("task durations (first seen running → first seen stopped) "
                            + "p50 / p99 / max: %.1f / %.1f / %.1f ms; nominal %.1f ms",
                    pct(durations, 50), pct(durations, 99), pct(durations, 100), cloneSeconds * 1000));
        }
        report.detail(section, "polls: " + polls.size() + " answered, " + pollErrors + " not 200");

        String progress = "Progress";
        report.detail(progress, "Items final as the last poll before each point saw them (totals succeeded + failed + "
                + "cancelled), clone tasks ended by then as the sampler saw them, and a steady pace over the same wall "
                + "time (clones × %) to compare with:");
        table.forEach(l -> report.detail(progress, l));

        // Where the time between two clones goes, from the sampled tasks and the commands' timestamps.
        breakdown(report, done, byUpid, cmds, start, end, clock, run,
                settings.agentEnv().containsKey("CORRAL_AGENT_PVE_TASK_POLL_MIN_MS")
                        ? settings.agentEnv().get("CORRAL_AGENT_PVE_TASK_POLL_MIN_MS") + " ms here"
                        : "25 ms, the default");

        report.detail(section, "How it is measured: wall from just before POST /api/v1/clone-runs to the run's "
                + "finishedAt (the control plane's clock, mapped onto this JVM's System.nanoTime by one reading of "
                + "both taken before the POST; same machine) and, second figure, to the arrival of the first "
                + "GET /api/v1/clone-runs/{id} answer (polled every " + pollMs + " ms) showing it final. Task times "
                + "come from sampling the in-process simulator's task list every " + c.sampleMs() + " ms: start = "
                + "first seen, end = first seen stopped, so each is late by up to one sampling interval. The serial "
                + "minimum sums, in end order, end(i) − max(start(i), end(i−1)), as in mode=commands. Lock errors: "
                + "item errors whose code or message mentions a lock, plus clone tasks whose exit status does. The "
                + "run asks for " + (full ? "full" : "linked") + " clones (`full=" + full + "`; mode=commands clones "
                + "without `full`, i.e. linked, 5 s × factor each in the simulator).");
        report.detail(section, "Agent environment added: " + (settings.agentEnv().isEmpty() ? "none (defaults)"
                : settings.agentEnv().toString()));
    }

    /**
     * Splits each gap start(i+1) − end(i) between consecutive clone tasks at the commands' timestamps:
     * a = command(i) finishedAt − task(i) end (the agent sees the task stopped and reports the result),
     * b = command(i+1) leasedAt − command(i) finishedAt (the control plane frees the template's lock key and
     * hands over the next clone), c = task(i+1) start − command(i+1) leasedAt (the agent gets the command
     * and asks Proxmox for the clone).
     */
    private static void breakdown(Report report, List<Sampled> done, Map<String, Cmd> byUpid, List<Cmd> cmds,
                                  long start, long end, Clock clock, JsonNode run, String agentPollMs) {
        String section = "Where the time goes";
        List<double[]> parts = new ArrayList<>();
        int unmatched = 0;
        for (int i = 0; i + 1 < done.size(); i++) {
            Cmd a = byUpid.get(done.get(i).upid);
            Cmd b = byUpid.get(done.get(i + 1).upid);
            if (a == null || b == null || a.finished() == 0 || b.leased() == 0) {
                unmatched++;
                continue;
            }
            parts.add(new double[] {
                    (a.finished() - done.get(i).ended) / 1e6,
                    (b.leased() - a.finished()) / 1e6,
                    (done.get(i + 1).seen - b.leased()) / 1e6,
                    (done.get(i + 1).seen - done.get(i).ended) / 1e6});
        }
        String[] names = {
                "a: task(i) end → command(i) finishedAt (agent sees the task stopped, reports the result)",
                "b: command(i) finishedAt → command(i+1) leasedAt (control plane frees the template's lock key, "
                        + "hands over the next clone)",
                "c: command(i+1) leasedAt → task(i+1) start (agent receives it, asks Proxmox for the clone)",
                "gap = a + b + c"};
        report.detail(section, "Each gap between consecutive clone tasks (in end order) split at the commands' "
                + "timestamps (command matched to its task by UPID; " + parts.size() + " pairs, " + unmatched
                + " unmatched):");
        report.detail(section, "| part | p50 ms | p90 ms | max ms | Σ s |");
        report.detail(section, "|---|---|---|---|---|");
        double[] sums = new double[4];
        for (int k = 0; k < 4; k++) {
            int kk = k;
            double[] v = parts.stream().mapToDouble(p -> p[kk]).toArray();
            sums[k] = Arrays.stream(v).sum() / 1000;
            report.detail(section, String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.2f |", names[k],
                    pct(v, 50), pct(v, 90), pct(v, 100), sums[k]));
        }
        long leasedEarly = 0;
        for (int i = 0; i + 1 < done.size(); i++) {
            Cmd a = byUpid.get(done.get(i).upid);
            Cmd b = byUpid.get(done.get(i + 1).upid);
            if (a != null && b != null && b.leased() != 0 && a.finished() != 0 && b.leased() < a.finished()) {
                leasedEarly++;
            }
        }
        report.detail(section, "next clone handed to the agent before the previous command finished: " + leasedEarly);
        if (!done.isEmpty()) {
            Cmd first = byUpid.get(done.get(0).upid);
            Cmd last = byUpid.get(done.get(done.size() - 1).upid);
            long firstCreated = cmds.stream().mapToLong(Cmd::created).filter(x -> x != 0).min().orElse(0);
            long lastCreated = cmds.stream().mapToLong(Cmd::created).max().orElse(0);
            long runStarted = clock.nanos(run.path("startedAt"));
            if (first != null) {
                report.detail(section, String.format(Locale.ROOT, "head: POST → run startedAt %.0f ms → first command "
                                + "createdAt %.0f ms → its leasedAt %.0f ms → task start %.0f ms",
                        runStarted == 0 ? Double.NaN : (runStarted - start) / 1e6,
                        (firstCreated - start) / 1e6, (first.leased() - start) / 1e6,
                        (done.get(0).seen - start) / 1e6));
            }
            report.detail(section, String.format(Locale.ROOT, "all %d commands queued %.0f ms after the POST (last "
                    + "createdAt)", cmds.size(), (lastCreated - start) / 1e6));
            if (last != null) {
                report.detail(section, String.format(Locale.ROOT, "tail: last task end → its command finishedAt "
                                + "%.0f ms → run finishedAt %.0f ms",
                        (last.finished() - done.get(done.size() - 1).ended) / 1e6,
                        (end - done.get(done.size() - 1).ended) / 1e6));
            }
        }
        if (sums[3] > 0) {
            int largest = sums[0] >= sums[1] && sums[0] >= sums[2] ? 0 : sums[1] >= sums[2] ? 1 : 2;
            report.detail(section, String.format(Locale.ROOT, "Σ gaps %.2f s of which a %.0f %%, b %.0f %%, c %.0f %%; "
                            + "the largest share is %s", sums[3], 100 * sums[0] / sums[3], 100 * sums[1] / sums[3],
                    100 * sums[2] / sums[3], names[largest].substring(0, names[largest].indexOf(" ("))));
            report.detail(section, "a includes the wait for the agent's next look at the running task: it asks Proxmox "
                    + "after a twentieth of the task's age, at least CORRAL_AGENT_PVE_TASK_POLL_MIN_MS (" + agentPollMs
                    + ") and at most CORRAL_AGENT_PVE_TASK_POLL_MS, so a clone is seen ended about 5 % after it ended; "
                    + "b is the control plane alone; c is the agent's poll answer, its clone gate and the clone request "
                    + "to the simulator.");
        }
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
