package io.corral.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.corral.launcher.LaunchOptions;
import io.corral.launcher.Stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Auth sessions started per minute against the simulator: {@code sessions} {@code POST /api/auth/start}
 * sent back to back, then each session followed until its browser VM is cloned and started
 * ({@code vm_created}) or it fails. Clones of one provider's template share the template's lock key,
 * so the rate to {@code vm_created} is bounded by the template's clone time (the simulator's linked
 * clone, 5 s × {@code factor}).
 */
public final class SessionsBench {
    private static final String PROVIDER = "bench";

    private SessionsBench() {
    }

    public static void main(String[] args) throws Exception {
        BenchSettings settings = BenchSettings.parse(args);
        int sessions = settings.sessions();
        double factor = settings.pveTimeFactor();
        Report report = new Report("sessions", "Auth sessions benchmark", "`bench/run.sh sessions` (`io.corral.bench.SessionsBench`)",
                true);
        Path dataDir = settings.dataDir("sessions-data");
        BenchStack.deleteRecursively(dataDir);
        LaunchOptions options = LaunchOptions.forTests(dataDir).stackDir(settings.stackDir()).heartbeatSeconds(2)
                .agentTtlSeconds(30).pveTimeFactor(factor)
                .controlPlaneEnv("CORRAL_API_RATE_PER_SECOND", "100000")
                .controlPlaneEnv("CORRAL_AUTH_PROVIDERS", PROVIDER + "=local/pve1/9000")
                .build();
        Stack stack = BenchStack.prepare(options);
        int exit = 0;
        try {
            BenchStack.launch(stack, report, true);
            report.detail("Setup", "provider " + PROVIDER + " = template 9000 on pve1 of agent "
                    + stack.agentName() + " (linked clone 5 s × factor " + factor + ", start 1 s × factor)");
            run(report, new Api(stack.controlPlaneUrl(), 4, "bench-http"), stack.apiToken(), sessions, factor);
        } catch (Exception e) {
            report.failure("run", e);
            e.printStackTrace();
            exit = 1;
        } finally {
            stack.close();
        }
        report.finish(settings, exit);
    }

    private static void run(Report report, Api api, String token, int sessions, double factor) throws Exception {
        String phase = "Sessions ×" + sessions + " f=" + factor;
        JsonNode body = Api.JSON.readTree("{\"provider\":\"" + PROVIDER + "\"}");
        Latency post = new Latency();
        List<String> ids = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < sessions; i++) {
            long t = System.nanoTime();
            JsonNode started = api.expect(201, "POST", "/api/auth/start", token, body);
            post.record(System.nanoTime() - t);
            ids.add(started.path("session").path("id").asText());
        }
        double postSeconds = (System.nanoTime() - start) / 1e9;
        report.row(phase, "POST /api/auth/start → 201", post.summary(), "", null);
        report.row(phase, "sessions started per minute (201s)", String.format("%,.0f (%d in %.2f s)",
                sessions / postSeconds * 60, sessions, postSeconds), "", null);

        Map<String, Double> createdAt = new HashMap<>();
        Map<String, String> failed = new HashMap<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
        while (createdAt.size() + failed.size() < sessions && System.nanoTime() < deadline) {
            for (String id : ids) {
                if (createdAt.containsKey(id) || failed.containsKey(id)) {
                    continue;
                }
                JsonNode s = api.expect(200, "GET", "/api/auth/sessions/" + id, token, null);
                String state = s.path("state").asText();
                if (state.equals("vm_created")) {
                    createdAt.put(id, (System.nanoTime() - start) / 1e9);
                } else if (state.equals("failed") || state.equals("timeout")) {
                    failed.put(id, s.path("reason").asText());
                }
            }
            Thread.sleep(200);
        }
        double last = createdAt.values().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        double first = createdAt.values().stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        report.row(phase, "sessions with their VM cloned and started (vm_created)", createdAt.size() + " of " + sessions
                + (failed.isEmpty() ? "" : "; failed: " + failed.size()), String.valueOf(sessions),
                createdAt.size() == sessions);
        report.row(phase, "first / last vm_created after the first POST", String.format("%.1f / %.1f s", first, last),
                "", null);
        report.row(phase, "sessions to vm_created per minute", String.format("%,.1f", createdAt.size() / last * 60),
                "", null);
        report.row(phase, "serial clone minimum (sessions × 5 s × factor)", String.format("%.1f s", sessions * 5 * factor),
                "", null);
        failed.forEach((id, reason) -> report.detail("Failed", id + ": " + reason));
        report.detail(phase, "How it is measured: the POSTs are sent one after another as fast as answered (one "
                + "client); each session is then read every 200 ms until vm_created, failed or timeout. Each session "
                + "clones template 9000 (a linked clone, with the template's lock key, so one at a time) and starts "
                + "the clone; ready/authenticating/completed depend on the in-VM helper and are not part of this figure.");
    }
}
