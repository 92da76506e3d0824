package io.corral.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The emulated agents of a run: registered once, heartbeating on their own schedule, and with
 * worker loops that can be started and stopped between phases. Counts what the server accepted.
 */
final class AgentFleet implements AutoCloseable {

    /** Told about every command a poll delivered: its payload's {@code n} and when the answer arrived. */
    interface DeliveryListener {
        void delivered(long n, long receivedNanos);
    }

    private final Api api;
    private final List<BenchAgent> agents = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "fleet-timer");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong succeeded = new AtomicLong();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final AtomicLong heartbeatFailures = new AtomicLong();
    final Latency startCalls = new Latency();
    final Latency resultCalls = new Latency();
    private volatile DeliveryListener listener = (n, t) -> { };
    private volatile boolean stopping;
    private volatile CountDownLatch running = new CountDownLatch(0);

    AgentFleet(Api api) {
        this.api = api;
    }

    /** Registers {@code count} agents with the admin token and makes each one online. */
    void register(String adminToken, int count, String prefix) throws IOException {
        for (int i = 0; i < count; i++) {
            JsonNode created = api.expect(201, "POST", "/api/v1/agents", adminToken,
                    Api.object().put("name", String.format("%s-%03d", prefix, i)));
            agents.add(new BenchAgent(created.path("id").asText(), created.path("token").asText(), this, api));
        }
        List<CompletableFuture<Api.Reply>> beats = agents.stream().map(BenchAgent::heartbeat).toList();
        for (CompletableFuture<Api.Reply> beat : beats) {
            Api.Reply r = beat.join();
            if (r.status() != 200 && r.status() != 204) {
                throw new IOException("heartbeat answered " + r.status() + ": " + r.body());
            }
        }
    }

    void startHeartbeats(int seconds) {
        timer.scheduleAtFixedRate(() -> agents.forEach(a -> a.heartbeat().whenComplete((r, e) -> {
            if (e != null || (r.status() != 200 && r.status() != 204)) {
                heartbeatFailures.incrementAndGet();
            }
        })), seconds, seconds, TimeUnit.SECONDS);
    }

    List<BenchAgent> agents() {
        return agents;
    }

    void startWorkers(int perAgent, int waitSeconds, int max) {
        stopping = false;
        running = new CountDownLatch(agents.size() * perAgent);
        for (BenchAgent a : agents) {
            for (int w = 0; w < perAgent; w++) {
                a.work(waitSeconds, max);
            }
        }
    }

    /** Lets each worker finish its current poll (at most its wait) and waits for all to exit. */
    boolean stopWorkers(Duration timeout) throws InterruptedException {
        stopping = true;
        return running.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    long workersRunning() {
        return running.getCount();
    }

    boolean stopping() { return stopping; }
    void workerExited() { running.countDown(); }
    void listen(DeliveryListener l) { listener = l == null ? (n, t) -> { } : l; }

    void later(Runnable r, long millis) {
        timer.schedule(r, millis, TimeUnit.MILLISECONDS);
    }

    void delivered(JsonNode commands, long receivedNanos) {
        delivered.addAndGet(commands.size());
        DeliveryListener l = listener;
        for (JsonNode c : commands) {
            l.delivered(c.path("payload").path("n").asLong(-1), receivedNanos);
        }
    }

    void startAnswered(Api.Reply r, long nanos) {
        startCalls.record(nanos);
        if (r.status() == 200) {
            started.incrementAndGet();
        } else {
            error("start", r, null);
        }
    }

    void resultAnswered(Api.Reply r, long nanos) {
        resultCalls.record(nanos);
        if (r.status() == 200) {
            succeeded.incrementAndGet();
        } else {
            error("result", r, null);
        }
    }

    void error(String what, Api.Reply r, Throwable failure) {
        String key = what + " " + (r != null ? Integer.toString(r.status())
                : failure == null ? "?" : rootCause(failure).getClass().getSimpleName());
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

    Map<String, Long> errors() {
        Map<String, Long> out = new TreeMap<>();
        errors.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    @Override
    public void close() {
        stopping = true;
        timer.shutdownNow();
    }
}
