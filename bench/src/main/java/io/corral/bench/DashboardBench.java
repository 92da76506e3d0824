package io.corral.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.launcher.LaunchOptions;
import io.corral.launcher.Stack;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fleet dashboard under load: {@code vms} guests reported by {@code agents} emulated agents over real HTTP.
 * <ol>
 * <li>Snapshot: the server time to build the dashboard's snapshot ({@code Server-Timing}), and the page.</li>
 * <li>Deltas: a headless Chromium holds the dashboard open while the agents' heartbeats change {@code changes}
 * guest states per second for {@code seconds} s; the page records, per applied delta, now − the time the
 * change was written (same clock), and at the end its picture must equal what the agents last reported.</li>
 * <li>Memory: heap after a full GC with {@code dashboards} more signed-in dashboards connected to the push
 * channel, per dashboard.</li>
 * </ol>
 */
public final class DashboardBench {
    private static final String CAPABILITIES = "[\"proxmox.status\",\"proxmox.list\"]";

    private DashboardBench() {
    }

    public static void main(String[] args) throws Exception {
        BenchSettings settings = BenchSettings.parse(args);
        Report report = new Report("dashboard", "Fleet dashboard benchmark",
                "`bench/run.sh dashboard` (`io.corral.bench.DashboardBench`)", true);
        java.nio.file.Path dataDir = settings.dataDir("dashboard-data");
        BenchStack.deleteRecursively(dataDir);
        LaunchOptions options = LaunchOptions.forTests(dataDir).stackDir(settings.stackDir()).heartbeatSeconds(10)
                .agentTtlSeconds(60).controlPlaneEnv("CORRAL_API_RATE_PER_SECOND", "100000").build();
        Stack stack = BenchStack.prepare(options);
        int exit = 0;
        try {
            BenchStack.launch(stack, report, true);
            new DashboardBench.Run(settings, report, stack, dataDir).run();
        } catch (Exception e) {
            report.failure("run", e);
            e.printStackTrace();
            exit = 1;
        } finally {
            stack.close();
        }
        report.finish(settings, exit);
    }

    private static final class Run {
        final BenchSettings settings;
        final Report report;
        final Stack stack;
        final java.nio.file.Path dataDir;
        final Api api;
        final int perAgent;
        final List<String> tokens = new ArrayList<>();
        final List<String[]> statuses = new ArrayList<>();
        final OffsetDateTime startedAt = OffsetDateTime.now();

        Run(BenchSettings settings, Report report, Stack stack, java.nio.file.Path dataDir) {
            this.settings = settings;
            this.report = report;
            this.stack = stack;
            this.dataDir = dataDir;
            this.api = new Api(stack.controlPlaneUrl(), 8, "bench-http");
            this.perAgent = settings.dashboardVms() / settings.dashboardAgents();
        }

        void run() throws Exception {
            int agents = settings.dashboardAgents();
            for (int a = 0; a < agents; a++) {
                ObjectNode body = Api.object().put("name", "dash-" + a).put("ttlSeconds", 600);
                tokens.add(api.expect(201, "POST", "/api/v1/agents", stack.apiToken(), body).path("token").asText());
                String[] s = new String[perAgent];
                Arrays.fill(s, "running");
                statuses.add(s);
                heartbeat(a);
            }
            int total = agents * perAgent;
            report.detail("Setup", agents + " emulated agents × " + perAgent + " guests = " + total
                    + " guests (plus the simulator's few), reported by heartbeats over HTTP");
            ConsoleSession admin = new ConsoleSession(stack.controlPlaneUrl()).signIn(stack.adminUser(),
                    stack.adminPassword());
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (Api.JSON.readTree(admin.get("/console/dashboard/snapshot").body()).path("vms").size() < total) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the dashboard never listed " + total + " guests");
                }
                Thread.sleep(200);
            }
            snapshot(admin, total);
            deltas(total);
            memory();
        }

        /** Sends agent's inventory; the caller holds the agent's status array (its lock). */
        void heartbeat(int agent) throws Exception {
            ArrayNode guests = Api.JSON.createArrayNode();
            String[] s = statuses.get(agent);
            for (int i = 0; i < perAgent; i++) {
                guests.addObject().put("node", "pve1").put("vmid", 1000 + i).put("type", "qemu")
                        .put("name", "a" + agent + "-vm" + i).put("status", s[i]).put("template", false)
                        .put("cpu", 0.02).put("mem", 268435456L).put("maxmem", 1073741824L);
            }
            ObjectNode body = Api.object().put("version", "bench").put("startedAt", startedAt.toString());
            body.set("capabilities", Api.JSON.readTree(CAPABILITIES));
            body.putArray("inFlight");
            body.putArray("nodes").addObject().put("name", "pve1").put("status", "online").put("cpu", 0.1)
                    .put("maxcpu", 8).put("mem", 1073741824L).put("maxmem", 8589934592L);
            body.set("guests", guests);
            api.expect(200, "POST", "/api/v1/agent/heartbeat", tokens.get(agent), body);
        }

        void snapshot(ConsoleSession admin, int total) throws Exception {
            String phase = "Snapshot (" + total + " guests)";
            Latency server = new Latency();
            Latency client = new Latency();
            int size = 0;
            for (int i = 0; i < settings.dashboardSnapshots(); i++) {
                long t = System.nanoTime();
                HttpResponse<String> r = admin.get("/console/dashboard/snapshot");
                client.record(System.nanoTime() - t);
                size = r.body().length();
                String timing = r.headers().firstValue("Server-Timing").orElse("snapshot;dur=0");
                server.record((long) (Double.parseDouble(timing.substring(timing.indexOf("dur=") + 4)) * 1e6));
            }
            report.row(phase, "server time to build the snapshot (Server-Timing)", server.summary(), "p99 ≤ 500 ms",
                    server.percentileMillis(99) <= 500);
            report.row(phase, "snapshot request, as the client sees it", client.summary(), "", null);
            report.row(phase, "snapshot size", String.format("%,d bytes", size), "", null);
            Latency page = new Latency();
            for (int i = 0; i < 20; i++) {
                long t = System.nanoTime();
                admin.get("/console/");
                page.record(System.nanoTime() - t);
            }
            report.row(phase, "dashboard page (GET /console/, Faces render)", page.summary(), "", null);
        }

        void deltas(int total) throws Exception {
            int rate = settings.dashboardChangesPerSecond();
            int seconds = settings.dashboardSeconds();
            String phase = "Deltas (" + rate + " changes/s, " + seconds + " s)";
            WebDriver browser = chromium();
            ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor();
            // One agent's heartbeats never overlap (its lock); different agents' do, as real agents' would.
            var senders = Executors.newFixedThreadPool(settings.dashboardAgents());
            try {
                browser.get(stack.consoleUrl());
                new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> !d.findElements(By.id("j_username")).isEmpty());
                browser.findElement(By.id("j_username")).sendKeys(stack.adminUser());
                browser.findElement(By.id("j_password")).sendKeys(stack.adminPassword());
                long t = System.nanoTime();
                browser.findElement(By.id("login-submit")).click();
                new WebDriverWait(browser, Duration.ofSeconds(60)).until(d ->
                        ((Number) js(d, "return window.corralDashboard ? corralDashboard.vmCount() : 0;")).intValue() >= total);
                report.row(phase, "sign-in to " + total + " guests shown (page, snapshot, render)",
                        String.format("%.0f ms", (System.nanoTime() - t) / 1e6), "", null);
                js(browser, "corralDashboard.clearLags();");
                long appliedBefore = ((Number) js(browser, "return corralDashboard.applied();")).longValue();
                // Each beat changes `perBeat` guests of one agent (round robin) and sends its whole inventory.
                int beatsPerSecond = Math.max(1, Math.min(50, rate / 10));
                int perBeat = Math.max(1, rate / beatsPerSecond);
                AtomicInteger next = new AtomicInteger();
                AtomicLong changes = new AtomicLong();
                AtomicLong failures = new AtomicLong();
                Latency beat = new Latency();
                long start = System.nanoTime();
                var task = load.scheduleAtFixedRate(() -> senders.execute(() -> {
                    int n = next.getAndIncrement();
                    int agent = n % tokens.size();
                    String[] s = statuses.get(agent);
                    synchronized (s) {
                        for (int i = 0; i < perBeat; i++) {
                            int vm = ((n / tokens.size()) * perBeat + i) % perAgent;
                            s[vm] = "running".equals(s[vm]) ? "stopped" : "running";
                        }
                        long b = System.nanoTime();
                        try {
                            heartbeat(agent);
                            changes.addAndGet(perBeat);
                            beat.record(System.nanoTime() - b);
                        } catch (Exception e) {
                            failures.incrementAndGet();
                        }
                    }
                }), 0, 1_000_000 / beatsPerSecond, TimeUnit.MICROSECONDS);
                Thread.sleep(seconds * 1000L);
                task.cancel(false);
                senders.shutdown();
                senders.awaitTermination(30, TimeUnit.SECONDS);
                double elapsed = (System.nanoTime() - start) / 1e9;
                java.util.Set<String> expected = expectedStopped();
                long settle = System.nanoTime();
                new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> matches(d, expected, total));
                double settleMs = (System.nanoTime() - settle) / 1e6;
                List<Long> lags = new ArrayList<>();
                for (Object o : (List<?>) js(browser, "return corralDashboard.lags();")) {
                    lags.add(((Number) o).longValue());
                }
                long applied = ((Number) js(browser, "return corralDashboard.applied();")).longValue() - appliedBefore;
                long reloads = ((Number) js(browser, "return corralDashboard.reloads();")).longValue();
                Latency lag = new Latency();
                lags.forEach(ms -> lag.record(ms * 1_000_000L));
                report.row(phase, "guest changes sent (heartbeats over HTTP)", String.format("%,d in %.1f s = %.1f/s; "
                        + "%d failed", changes.get(), elapsed, changes.get() / elapsed, failures.get()), rate + "/s", null);
                report.row(phase, "heartbeat request (" + perAgent + " guests)", beat.summary(), "", null);
                report.row(phase, "deltas applied by the page", String.format("%,d (%.1f/s); snapshot reloads %d",
                        applied, applied / elapsed, reloads), "", null);
                report.row(phase, "lag: change written → applied in the browser", lag.summary(), "p99 ≤ 1,000 ms",
                        lag.count() > 0 && lag.percentileMillis(99) <= 1000);
                report.row(phase, "page equal to the agents' last report (each of the " + total
                        + " guests' status) after the load stopped", String.format("yes, %.0f ms after", settleMs), "yes",
                        true);
            } finally {
                load.shutdownNow();
                senders.shutdownNow();
                browser.quit();
            }
        }

        /** The names of the bench's guests the agents last reported stopped. */
        java.util.Set<String> expectedStopped() {
            java.util.Set<String> names = new java.util.TreeSet<>();
            for (int a = 0; a < statuses.size(); a++) {
                String[] s = statuses.get(a);
                synchronized (s) {
                    for (int i = 0; i < s.length; i++) {
                        if ("stopped".equals(s[i])) {
                            names.add("a" + a + "-vm" + i);
                        }
                    }
                }
            }
            return names;
        }

        /** Whether the page shows exactly these of the bench's guests stopped and all its other ones running. */
        boolean matches(WebDriver d, java.util.Set<String> stopped, int total) {
            Object shown = js(d, "var out = {stopped: [], running: 0}; document.querySelectorAll('#dash-vms tbody tr')"
                    + ".forEach(function (tr) { var n = tr.querySelector('a.vm-name').textContent;"
                    + " if (/^a\\d+-vm\\d+$/.test(n)) { var s = tr.querySelector('.vm-status').textContent;"
                    + " if (s === 'stopped') { out.stopped.push(n); } else if (s === 'running') { out.running++; } } });"
                    + " return out;");
            Map<?, ?> m = (Map<?, ?>) shown;
            java.util.Set<String> names = new java.util.TreeSet<>();
            ((List<?>) m.get("stopped")).forEach(o -> names.add(String.valueOf(o)));
            return names.equals(stopped) && ((Number) m.get("running")).intValue() == total - stopped.size();
        }

        void memory() throws Exception {
            int n = settings.dashboardSockets();
            String phase = "Memory (" + n + " dashboards)";
            ControlPlaneProbe probe = new ControlPlaneProbe(stack.controlPlaneUrl(), dataDir);
            probe.gc();
            OptionalDouble before = probe.heapInfoUsedMb();
            List<ConsoleSession> sessions = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ConsoleSession s = new ConsoleSession(stack.controlPlaneUrl()).signIn(stack.adminUser(),
                        stack.adminPassword());
                s.openDashboard();
                sessions.add(s);
            }
            // A few changes, so each connected dashboard has received deltas.
            for (int a = 0; a < Math.min(3, tokens.size()); a++) {
                synchronized (statuses.get(a)) {
                    statuses.get(a)[0] = "running".equals(statuses.get(a)[0]) ? "stopped" : "running";
                    heartbeat(a);
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (sessions.stream().anyMatch(s -> s.messages.get() == 0) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            long receiving = sessions.stream().filter(s -> s.messages.get() > 0).count();
            probe.gc();
            OptionalDouble after = probe.heapInfoUsedMb();
            sessions.forEach(ConsoleSession::close);
            report.row(phase, "dashboards connected and receiving deltas", receiving + " of " + n, String.valueOf(n),
                    receiving == n);
            if (before.isPresent() && after.isPresent()) {
                report.row(phase, "heap after full GC, before → with them", String.format("%.1f → %.1f MB",
                        before.getAsDouble(), after.getAsDouble()), "", null);
                report.row(phase, "heap per connected dashboard (HTTP session, view state, push socket)",
                        String.format("%.1f KB", (after.getAsDouble() - before.getAsDouble()) * 1024 / n), "", null);
            }
        }

        private static Object js(WebDriver d, String script) {
            return ((JavascriptExecutor) d).executeScript(script);
        }

        private static WebDriver chromium() throws Exception {
            ChromeOptions options = new ChromeOptions();
            options.setBinary(new File(System.getProperty("chromium.binary", "/usr/bin/chromium")));
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--window-size=1280,900",
                    "--user-data-dir=" + Files.createTempDirectory("corral-bench-chromium-"));
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver")))
                    .usingAnyFreePort().build();
            return new ChromeDriver(service, options);
        }
    }
}
