package io.corral.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The enqueue side of lifecycle load: threads, each with its own lean keep-alive connection,
 * posting {@code proxmox.list} commands round-robin over the emulated agents with a unique payload
 * {@code {"n":…}} (read-only types are deduplicated). Closed-loop (as fast as answered, never more
 * than {@code maxBacklog} enqueued and not yet succeeded) one command per {@code POST /commands}
 * or up to {@code batchSize} per {@code POST /commands/batch}; or open-loop at a fixed rate, one
 * command per request, with some commands traced from just before their POST to their delivery.
 */
final class LifecycleLoad {

    enum Enqueue { SINGLE, BATCH }

    private static final int CALL_TIMEOUT_MS = 30_000;

    private final String baseUrl;
    private final byte[] bearer;
    private final AgentFleet fleet;
    private final AtomicLong sequence;
    private final byte[][] agentIds;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong enqueued = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    final Latency enqueueCalls = new Latency();
    private long succeededBase;

    LifecycleLoad(String baseUrl, String operatorToken, AgentFleet fleet, AtomicLong sequence) {
        this.baseUrl = baseUrl;
        this.bearer = LeanHttp.bearer(operatorToken);
        this.fleet = fleet;
        this.sequence = sequence;
        this.agentIds = fleet.agents().stream().map(a -> LeanHttp.ascii(a.id)).toArray(byte[][]::new);
    }

    /** Commands accepted (201, or a 201 item of a batch) since this load was created. */
    long enqueued() { return enqueued.get(); }
    /** Commands whose POST was sent (open loop). */
    long sent() { return sent.get(); }
    /** Enqueued by this load and not yet succeeded at the agents. */
    long backlog() { return enqueued.get() - (fleet.succeeded() - succeededBase); }

    Map<String, Long> errors() {
        Map<String, Long> out = new TreeMap<>();
        errors.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    void startClosedLoop(Enqueue mode, int threadCount, int batchSize, int maxBacklog) {
        succeededBase = fleet.succeeded();
        for (int i = 0; i < threadCount; i++) {
            start("enqueue-" + i, () -> closedLoop(mode, mode == Enqueue.BATCH ? batchSize : 1, maxBacklog));
        }
    }

    /**
     * One command per POST, the i-th due at {@code i / rate} s after now, by whichever thread is
     * free (a late one is sent at once). Every {@code traceEvery}-th command is traced, if {@code tracers}.
     */
    void startOpenLoop(int threadCount, double rate, Tracers tracers, long traceEvery) {
        succeededBase = fleet.succeeded();
        long start = System.nanoTime();
        double period = 1e9 / rate;
        AtomicLong ticket = new AtomicLong();
        for (int i = 0; i < threadCount; i++) {
            start("enqueue-open-" + i, () -> {
                try (LeanHttp http = new LeanHttp(baseUrl)) {
                    JsonBytes json = new JsonBytes();
                    while (!stop.get()) {
                        long t = ticket.getAndIncrement();
                        long due = start + (long) (t * period);
                        long now;
                        while ((now = System.nanoTime()) < due && !stop.get()) {
                            LockSupport.parkNanos(due - now);
                        }
                        if (stop.get()) {
                            return;
                        }
                        long n = sequence.incrementAndGet();
                        json.reset();
                        command(json, n);
                        boolean traced = tracers != null && t % traceEvery == 0;
                        long t0 = System.nanoTime();
                        if (traced) {
                            tracers.sent(n, t0);
                        }
                        sent.incrementAndGet();
                        try {
                            int status = http.send(RequestCounts.Kind.ENQUEUE, "POST", "/api/v1/commands", bearer,
                                    json.bytes(), json.length(), CALL_TIMEOUT_MS);
                            enqueueCalls.record(http.receivedNanos() - t0);
                            if (status == 201) {
                                enqueued.incrementAndGet();
                                if (traced) {
                                    tracers.acked(n, http.receivedNanos());
                                }
                            } else {
                                error("enqueue " + status);
                            }
                        } catch (IOException e) {
                            error("enqueue " + e.getClass().getSimpleName());
                        }
                    }
                }
            });
        }
    }

    private void closedLoop(Enqueue mode, int batchSize, int maxBacklog) {
        try (LeanHttp http = new LeanHttp(baseUrl)) {
            JsonBytes json = new JsonBytes();
            while (!stop.get()) {
                long room = maxBacklog - backlog();
                if (room <= 0) {
                    LockSupport.parkNanos(1_000_000);
                    continue;
                }
                int k = (int) Math.min(batchSize, room);
                long first = sequence.getAndAdd(k) + 1;
                json.reset();
                if (mode == Enqueue.BATCH) {
                    json.raw("{\"commands\":[");
                    for (int i = 0; i < k; i++) {
                        command(json, first + i);
                        json.raw(",");
                    }
                    json.trimComma().raw("]}");
                } else {
                    command(json, first);
                }
                long t0 = System.nanoTime();
                try {
                    if (mode == Enqueue.BATCH) {
                        int status = http.send(RequestCounts.Kind.ENQUEUE_BATCH, "POST", "/api/v1/commands/batch", bearer,
                                json.bytes(), json.length(), CALL_TIMEOUT_MS);
                        enqueueCalls.record(System.nanoTime() - t0);
                        if (status != 200) {
                            error("enqueue batch " + status);
                            continue;
                        }
                        JsonBytes.items(http.body(), http.bodyLength(), (itemStatus, code) -> {
                            if (itemStatus == 201) {
                                enqueued.incrementAndGet();
                            } else {
                                error("enqueue item " + itemStatus + " " + code);
                            }
                        });
                    } else {
                        int status = http.send(RequestCounts.Kind.ENQUEUE, "POST", "/api/v1/commands", bearer,
                                json.bytes(), json.length(), CALL_TIMEOUT_MS);
                        enqueueCalls.record(System.nanoTime() - t0);
                        if (status == 201) {
                            enqueued.incrementAndGet();
                        } else {
                            error("enqueue " + status);
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    error("enqueue " + e.getClass().getSimpleName());
                    LockSupport.parkNanos(100_000_000L);
                }
            }
        }
    }

    /** {@code {"agent":"…","type":"proxmox.list","payload":{"n":n}}}, agents round-robin by n. */
    private void command(JsonBytes json, long n) {
        json.raw("{\"agent\":\"").raw(agentIds[(int) (n % agentIds.length)])
                .raw("\",\"type\":\"proxmox.list\",\"payload\":{\"n\":").number(n).raw("}}");
    }

    private void error(String key) {
        errors.computeIfAbsent(key, x -> new LongAdder()).increment();
    }

    private void start(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        threads.add(t);
    }

    /** Stops sending; calls in flight finish. */
    void stop() throws InterruptedException {
        stop.set(true);
        for (Thread t : threads) {
            t.join(CALL_TIMEOUT_MS + 5_000);
        }
    }
}
