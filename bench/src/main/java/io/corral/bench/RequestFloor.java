package io.corral.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The control plane's floor per request, from the lean client: CPU (from /proc) per
 * {@code GET /api/v1/agent/commands/next?wait=0} of an idle agent (authenticated, nothing to
 * deliver, no body) and per request refused by the rate limiter (429). What a lifecycle of k
 * requests cannot get under, whatever the database does.
 */
final class RequestFloor {

    private static final int THREADS = 4;
    private static final int WARMUP = 15_000;

    private final String baseUrl;
    private final CpuMeter cpu;
    private final Report report;

    RequestFloor(String baseUrl, CpuMeter cpu, Report report) {
        this.baseUrl = baseUrl;
        this.cpu = cpu;
        this.report = report;
    }

    /**
     * Measures both kinds: {@code idleAgentToken} for the empty poll, {@code limitedToken} (rate 1/s)
     * for the 429s. Returns the control plane's CPU µs per empty poll.
     */
    double run(String idleAgentToken, String limitedToken, int requests) throws Exception {
        double empty = measure("empty poll next?wait=0 (idle agent)", "GET", "/api/v1/agent/commands/next?wait=0&max=1",
                idleAgentToken, requests, 204);
        measure("request refused by the rate limiter", "GET", "/api/v1/commands?limit=1", limitedToken, requests, 429);
        return empty;
    }

    private double measure(String what, String method, String path, String token, int requests, int expected) throws Exception {
        // Warm-up: the floor is a warm server's (C2 compiles a request path after ~10,000 calls).
        run(method, path, token, Math.max(WARMUP, requests), new ConcurrentHashMap<>());
        Map<String, LongAdder> statuses = new ConcurrentHashMap<>();
        Map<String, Double> before = cpu.snapshot();
        long t0 = System.nanoTime();
        run(method, path, token, requests, statuses);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Double> after = cpu.snapshot();
        double cp = (after.get("control plane") - before.get("control plane")) * 1e6 / requests;
        double client = (after.get("bench client") - before.get("bench client")) * 1e6 / requests;
        Map<String, Long> counts = new TreeMap<>();
        statuses.forEach((k, v) -> counts.put(k, v.sum()));
        report.row("Floor", "CP CPU per " + what, String.format("%,.0f µs", cp), "", null);
        report.detail("Floor per request", String.format("%s: %,d requests from %d lean connections in %.1f s (%,.0f/s); "
                        + "CP %,.0f µs, load generator %,.0f µs CPU per request (/proc, 10 ms ticks); answers %s (expected %d)",
                what, requests, THREADS, seconds, requests / seconds, cp, client, counts, expected));
        return cp;
    }

    private void run(String method, String path, String token, int requests, Map<String, LongAdder> statuses)
            throws InterruptedException {
        byte[] bearer = LeanHttp.bearer(token);
        AtomicLong left = new AtomicLong(requests);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            Thread t = new Thread(() -> {
                try (LeanHttp http = new LeanHttp(baseUrl)) {
                    while (left.getAndDecrement() > 0) {
                        String key;
                        try {
                            key = Integer.toString(http.send(RequestCounts.Kind.OTHER, method, path, bearer, null, 0, 30_000));
                        } catch (IOException e) {
                            key = e.getClass().getSimpleName();
                        }
                        statuses.computeIfAbsent(key, k -> new LongAdder()).increment();
                    }
                }
            }, "floor-" + i);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
    }
}
