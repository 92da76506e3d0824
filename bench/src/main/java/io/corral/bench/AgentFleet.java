package io.corral.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The emulated agents of a run: registered once, heartbeating every few seconds from one thread
 * on one lean connection, and with blocking worker loops ({@link BenchAgent}) that can be started
 * and stopped between phases. Counts what the server accepted.
 */
final class AgentFleet implements AutoCloseable {

    /** How the emulated agents acknowledge and report: per command, or in adaptive batches. */
    enum Protocol {
        PER_ID, BATCH;

        static Protocol parse(String s) {
            return switch (s.trim().toLowerCase()) {
                case "per-id", "per_id", "perid" -> PER_ID;
                case "batch", "batched" -> BATCH;
                default -> throw new IllegalArgumentException("agentProtocol is per-id or batch, not " + s);
            };
        }

        String label() {
            return this == PER_ID ? "per-id" : "batch";
        }
    }

    /** Told about every command a poll delivered: its payload's {@code n} and when the answer arrived. */
    interface DeliveryListener {
        void delivered(long n, long receivedNanos);
    }

    private final Api api;
    private final String baseUrl;
    private final List<BenchAgent> agents = new ArrayList<>();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong succeeded = new AtomicLong();
    private final LongAdder startCallsMade = new LongAdder();
    private final LongAdder startIdsSent = new LongAdder();
    private final LongAdder resultCallsMade = new LongAdder();
    private final LongAdder resultIdsSent = new LongAdder();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final AtomicLong heartbeatFailures = new AtomicLong();
    final Latency startCalls = new Latency();
    final Latency resultCalls = new Latency();
    private volatile DeliveryListener listener = (n, t) -> { };
    private volatile boolean stopping;
    private volatile boolean closed;
    private volatile CountDownLatch running = new CountDownLatch(0);
    private Protocol protocol = Protocol.PER_ID;
    private Thread heartbeats;

    AgentFleet(Api api) {
        this.api = api;
        this.baseUrl = api.url("");
    }

    /** The protocol of the worker loops started from now on (per-id unless set). */
    void protocol(Protocol p) {
        this.protocol = p;
    }

    Protocol protocol() {
        return protocol;
    }

    LeanHttp http() {
        return new LeanHttp(baseUrl);
    }

    /** Registers {@code count} agents with the admin token and makes each one online. */
    void register(String adminToken, int count, String prefix) throws IOException {
        for (int i = 0; i < count; i++) {
            JsonNode created = api.expect(201, "POST", "/api/v1/agents", adminToken,
                    Api.object().put("name", String.format("%s-%03d", prefix, i)));
            agents.add(new BenchAgent(created.path("id").asText(), created.path("token").asText(), this));
        }
        try (LeanHttp http = http()) {
            for (BenchAgent a : agents) {
                int status = a.heartbeat(http);
                if (status != 200 && status != 204) {
                    throw new IOException("heartbeat answered " + status + ": " + http.bodyText());
                }
            }
        }
    }

    /** Every agent heartbeats every {@code seconds}, one after the other from one thread. */
    void startHeartbeats(int seconds) {
        heartbeats = new Thread(() -> {
            try (LeanHttp http = http()) {
                long next = System.nanoTime();
                while (!closed) {
                    next += seconds * 1_000_000_000L;
                    long now;
                    while (!closed && (now = System.nanoTime()) < next) {
                        java.util.concurrent.locks.LockSupport.parkNanos(next - now);
                    }
                    for (BenchAgent a : agents) {
                        if (closed) {
                            return;
                        }
                        try {
                            int status = a.heartbeat(http);
                            if (status != 200 && status != 204) {
                                heartbeatFailures.incrementAndGet();
                            }
                        } catch (IOException e) {
                            heartbeatFailures.incrementAndGet();
                        }
                    }
                }
            }
        }, "fleet-heartbeats");
        heartbeats.setDaemon(true);
        heartbeats.start();
    }

    List<BenchAgent> agents() {
        return agents;
    }

    /** Starts {@code perAgent} poll loops per agent ({@code next?wait=…&max=…}), plus the batch loops in batch mode. */
    void startWorkers(int perAgent, int waitSeconds, int max) {
        stopping = false;
        List<Thread> threads = new ArrayList<>();
        for (BenchAgent a : agents) {
            threads.addAll(a.loops(protocol, perAgent, waitSeconds, max));
        }
        running = new CountDownLatch(threads.size());
        threads.forEach(Thread::start);
    }

    /** Lets each loop finish its current poll (at most its wait) and waits for all to exit. */
    boolean stopWorkers(Duration timeout) throws InterruptedException {
        stopping = true;
        return running.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    long workersRunning() {
        return running.getCount();
    }

    boolean stopping() { return stopping || closed; }
    void workerExited() { running.countDown(); }
    void listen(DeliveryListener l) { listener = l == null ? (n, t) -> { } : l; }

    void delivered(List<BenchAgent.Cmd> commands, long receivedNanos) {
        delivered.addAndGet(commands.size());
        DeliveryListener l = listener;
        for (BenchAgent.Cmd c : commands) {
            l.delivered(c.n(), receivedNanos);
        }
    }

    void startAnswered(int ok, int sent, long nanos) {
        startCalls.record(nanos);
        startCallsMade.increment();
        startIdsSent.add(sent);
        started.addAndGet(ok);
    }

    void resultAnswered(int ok, int sent, long nanos) {
        resultCalls.record(nanos);
        resultCallsMade.increment();
        resultIdsSent.add(sent);
        succeeded.addAndGet(ok);
    }

    void error(String key) {
        errors.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    long delivered() { return delivered.get(); }
    long started() { return started.get(); }
    long succeeded() { return succeeded.get(); }
    long heartbeatFailures() { return heartbeatFailures.get(); }

    /** Calls and ids so far: start calls, ids in them, result calls, ids in them (for mean batch sizes). */
    long[] callCounts() {
        return new long[] {startCallsMade.sum(), startIdsSent.sum(), resultCallsMade.sum(), resultIdsSent.sum()};
    }

    Map<String, Long> errors() {
        Map<String, Long> out = new TreeMap<>();
        errors.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    @Override
    public void close() {
        stopping = true;
        closed = true;
        if (heartbeats != null) {
            heartbeats.interrupt();
        }
    }
}
