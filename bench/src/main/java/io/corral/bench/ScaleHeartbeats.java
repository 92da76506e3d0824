package io.corral.bench;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Heartbeats of many emulated agents with guests, open loop on a {@link HeartbeatSchedule}: one
 * scheduler thread hands each beat, when due, to the sender threads of its agent's instance (each
 * sender its own lean keep-alive connection). Latency is measured from the send (the server's
 * answer time as the client sees it) and from the due time (adds waiting for a free sender: the
 * client falling behind shows there). A beat that finds its instance's queue full is dropped and
 * counted, so a saturated stack does not pile up an unbounded backlog; so is a beat whose agent's
 * previous one is still unanswered (a real agent never overlaps its own heartbeats).
 */
final class ScaleHeartbeats {

    private static final int CALL_TIMEOUT_MS = 60_000;

    record Beat(long beat, long dueNanos) {
    }

    /** What one instance's agents saw. */
    static final class PerInstance {
        final String url;
        final Latency fromSend = new Latency();
        final Latency fromDue = new Latency();
        final AtomicLong ok = new AtomicLong();
        final LongAdder bodyBytes = new LongAdder();
        final BlockingQueue<Beat> queue;

        PerInstance(String url, int capacity) {
            this.url = url;
            this.queue = new ArrayBlockingQueue<>(capacity);
        }

        void reset() {
            fromSend.reset();
            fromDue.reset();
        }
    }

    private final HeartbeatSchedule schedule;
    private final List<byte[]> bearers;
    private final List<GuestSet> guests = new ArrayList<>();
    private final List<PerInstance> instances = new ArrayList<>();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong overlapping = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicIntegerArray inFlight;
    private final AtomicLong flips = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();
    private final int sendersPerInstance;
    private volatile boolean stop;
    private long startNanos;

    ScaleHeartbeats(HeartbeatSchedule schedule, List<String> tokens, List<String> urls, int guestsPerAgent,
                    int changesPerBeat, int sendersPerInstance) {
        if (tokens.size() != schedule.agents()) {
            throw new IllegalArgumentException(tokens.size() + " tokens for " + schedule.agents() + " agents");
        }
        this.schedule = schedule;
        this.bearers = tokens.stream().map(LeanHttp::bearer).toList();
        this.sendersPerInstance = sendersPerInstance;
        this.inFlight = new java.util.concurrent.atomic.AtomicIntegerArray(schedule.agents());
        String startedAt = OffsetDateTime.now().toString();
        for (int i = 0; i < schedule.agents(); i++) {
            guests.add(new GuestSet(i, guestsPerAgent, changesPerBeat, startedAt));
        }
        for (String url : urls) {
            // a full period's beats of this instance at most
            instances.add(new PerInstance(url, Math.max(16, schedule.agents() / urls.size() + 1)));
        }
    }

    List<PerInstance> instances() { return instances; }
    /** Heartbeats answered 2xx, all instances. */
    long ok() { return instances.stream().mapToLong(p -> p.ok.get()).sum(); }
    long dropped() { return dropped.get(); }
    /** Beats skipped because the same agent's previous beat was still unanswered (an agent never overlaps its own). */
    long overlapping() { return overlapping.get(); }
    /** Guest status changes sent in accepted heartbeats. */
    long flips() { return flips.get(); }

    Map<String, Long> errors() {
        Map<String, Long> out = new TreeMap<>();
        errors.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    void start() {
        startNanos = System.nanoTime();
        for (int i = 0; i < instances.size(); i++) {
            PerInstance p = instances.get(i);
            for (int s = 0; s < sendersPerInstance; s++) {
                thread("hb-send-" + i + "-" + s, () -> send(p));
            }
        }
        thread("hb-schedule", this::schedule);
    }

    private void schedule() {
        for (long j = 0; !stop; j++) {
            long due = startNanos + schedule.dueNanos(j);
            long now;
            while (!stop && (now = System.nanoTime()) < due) {
                LockSupport.parkNanos(due - now);
            }
            PerInstance p = instances.get(schedule.instanceOf(schedule.agentOf(j)));
            if (!p.queue.offer(new Beat(j, due))) {
                dropped.incrementAndGet();
            }
        }
    }

    private void send(PerInstance p) {
        try (LeanHttp http = new LeanHttp(p.url)) {
            JsonBytes json = new JsonBytes();
            while (!stop) {
                Beat b;
                try {
                    b = p.queue.poll(200, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    return;
                }
                if (b == null) {
                    continue;
                }
                int agent = schedule.agentOf(b.beat());
                if (!inFlight.compareAndSet(agent, 0, 1)) {
                    overlapping.incrementAndGet();
                    continue;
                }
                try {
                    beat(http, json, p, b, agent);
                } finally {
                    inFlight.set(agent, 0);
                }
            }
        }
    }

    private void beat(LeanHttp http, JsonBytes json, PerInstance p, Beat b, int agent) {
        GuestSet g = guests.get(agent);
        long changed;
        synchronized (g) {
            long before = g.flips();
            g.beat(json, schedule.roundOf(b.beat()), (System.nanoTime() - startNanos) / 1_000_000_000L + 3600);
            changed = g.flips() - before;
        }
        long t0 = System.nanoTime();
        try {
            int status = http.send(RequestCounts.Kind.HEARTBEAT, "POST", "/api/v1/agent/heartbeat",
                    bearers.get(agent), json.bytes(), json.length(), CALL_TIMEOUT_MS);
            long t1 = System.nanoTime();
            if (status / 100 == 2) {
                p.fromSend.record(t1 - t0);
                p.fromDue.record(t1 - b.dueNanos());
                p.ok.incrementAndGet();
                p.bodyBytes.add(json.length());
                flips.addAndGet(changed);
            } else {
                error("HTTP " + status + " " + code(http));
            }
        } catch (IOException | RuntimeException e) {
            error(e.getClass().getSimpleName());
        }
    }

    /** The {@code code} of a {"code","message"} answer, or empty. */
    private static String code(LeanHttp http) {
        String body = http.bodyText();
        int i = body.indexOf("\"code\":\"");
        return i < 0 ? "" : body.substring(i + 8, Math.max(i + 8, body.indexOf('"', i + 8)));
    }

    private void error(String key) {
        errors.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    private void thread(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        threads.add(t);
    }

    void stop() throws InterruptedException {
        stop = true;
        for (Thread t : threads) {
            t.join(CALL_TIMEOUT_MS + 5_000);
        }
    }
}
