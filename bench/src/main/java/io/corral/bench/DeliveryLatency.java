package io.corral.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Enqueue-to-delivery latency for polls that are already held: commands are posted at a fixed
 * open-loop rate (asynchronously, so a slow answer does not delay the next send) round-robin to
 * idle agents. t0 is taken just before the POST is sent (and, separately, when its 201 arrives);
 * t1 when the poll answer carrying the command (matched by its payload's n) arrives at the agent.
 */
final class DeliveryLatency {

    private static final int SENT = 0;
    private static final int ACKED = 1;
    private static final int DELIVERED = 2;

    private final Api api;
    private final String operatorToken;
    private final AgentFleet fleet;
    private final Report report;
    private final AtomicLong sequence;
    private final String[] db;

    DeliveryLatency(Api api, String operatorToken, AgentFleet fleet, Report report, AtomicLong sequence, String[] db) {
        this.api = api;
        this.operatorToken = operatorToken;
        this.fleet = fleet;
        this.report = report;
        this.sequence = sequence;
        this.db = db;
    }

    void run(int rate, int warmupSeconds, int seconds) throws Exception {
        String phase = "Delivery @" + rate + "/s";
        long left = Backlog.awaitEmpty(db, Duration.ofSeconds(120));
        if (left > 0) {
            report.detail("Delivery latency", rate + "/s: " + left + " commands of earlier phases were still not final "
                    + "after 120 s; measured anyway");
        }
        Result warm = warmupSeconds > 0 ? measure(rate, warmupSeconds) : null;
        if (warm != null && warm.overloaded()) {
            report.row(phase, "enqueue sent -> poll answer at agent", "not sustainable: overloaded in warm-up ("
                    + warm.fromSend().summary() + ")", "p50<=10 p99<=50", false);
            describe(rate, warmupSeconds, 0, warm);
            return;
        }
        Result r = measure(rate, seconds);
        double p50 = r.fromSend().percentileMillis(50);
        double p99 = r.fromSend().percentileMillis(99);
        boolean complete = !r.overloaded() && r.delivered() == r.sent() && r.sent() > 0;
        report.row(phase, "enqueue sent -> poll answer at agent", (r.overloaded() ? "OVERLOADED, delivered part: " : "")
                + r.fromSend().summary(), "p50<=10 p99<=50", complete && p50 <= 10 && p99 <= 50);
        report.row(phase, "201 received -> poll answer at agent", r.fromAck().summary(), "", null);
        report.row(phase, "POST /commands round trip", r.enqueue().summary(), "", null);
        describe(rate, warmupSeconds, seconds, r);
    }

    /** Warm-up, then one measured window, without report rows: for comparisons of windows (PruneBench). */
    Result sample(int rate, int warmupSeconds, int seconds) throws Exception {
        Backlog.awaitEmpty(db, Duration.ofSeconds(120));
        if (warmupSeconds > 0) {
            measure(rate, warmupSeconds);
        }
        return measure(rate, seconds);
    }

    private void describe(int rate, int warmupSeconds, int seconds, Result r) {
        report.detail("Delivery latency", String.format("%d/s, %d s warm-up then %d s measured: %,d sent%s, "
                        + "%,d 201, %,d delivered, %,d not delivered 60 s after sending stopped, %,d delivered before their 201 "
                        + "arrived (counted as 0 in the 201-based figure); achieved send rate %.1f/s; errors %s",
                rate, warmupSeconds, seconds, r.sent(), r.overloaded() ? " (sending stopped: more than " + OVERLOAD_SECONDS
                        + " s of commands undelivered)" : "", r.acked(), r.delivered(), r.sent() - r.delivered(),
                r.beforeAck(), r.achievedRate(), r.errors()));
    }

    /** Sending stops when more than this many seconds' worth of commands are undelivered: the rate is not sustained. */
    static final int OVERLOAD_SECONDS = 3;

    record Result(Latency fromSend, Latency fromAck, Latency enqueue, long sent, long acked, long delivered,
                  long beforeAck, double achievedRate, Map<String, Long> errors, boolean overloaded) {
    }

    private Result measure(int rate, int seconds) throws InterruptedException {
        Map<Long, AtomicLongArray> times = new ConcurrentHashMap<>();
        Map<String, LongAdder> errors = new ConcurrentHashMap<>();
        Latency enqueue = new Latency();
        LongAdder deliveredCount = new LongAdder();
        fleet.listen((n, received) -> {
            AtomicLongArray t = times.get(n);
            if (t != null && t.compareAndSet(DELIVERED, 0, received)) {
                deliveredCount.increment();
            }
        });
        boolean overloaded = false;
        long sent = 0;
        List<BenchAgent> agents = fleet.agents();
        long period = 1_000_000_000L / rate;
        long total = (long) rate * seconds;
        long start = System.nanoTime();
        for (long i = 0; i < total; i++) {
            if (i - deliveredCount.sum() > (long) rate * OVERLOAD_SECONDS) {
                overloaded = true;
                break;
            }
            sent++;
            long due = start + i * period;
            long now;
            while ((now = System.nanoTime()) < due) {
                LockSupport.parkNanos(due - now);
            }
            long n = sequence.incrementAndGet();
            AtomicLongArray t = new AtomicLongArray(3);
            times.put(n, t);
            BenchAgent agent = agents.get((int) (n % agents.size()));
            t.set(SENT, System.nanoTime());
            api.send("POST", "/api/v1/commands", operatorToken, LifecycleThroughput.command(agent.id, n), Duration.ofSeconds(30))
                    .whenComplete((reply, failure) -> {
                        if (failure == null && reply.status() == 201) {
                            t.set(ACKED, reply.receivedNanos());
                            enqueue.record(reply.receivedNanos() - t.get(SENT));
                        } else {
                            String key = failure != null ? AgentFleet.rootCause(failure).getClass().getSimpleName()
                                    : Integer.toString(reply.status());
                            errors.computeIfAbsent(key, k -> new LongAdder()).increment();
                        }
                    });
        }
        double achieved = sent / ((System.nanoTime() - start) / 1e9);
        long graceEnd = System.nanoTime() + 60_000_000_000L;
        while (deliveredCount.sum() < sent && System.nanoTime() < graceEnd) {
            Thread.sleep(100);
        }
        fleet.listen(null);
        Latency fromSend = new Latency();
        Latency fromAck = new Latency();
        long acked = 0;
        long delivered = 0;
        long beforeAck = 0;
        for (AtomicLongArray t : times.values()) {
            if (t.get(ACKED) != 0) {
                acked++;
            }
            if (t.get(DELIVERED) == 0) {
                continue;
            }
            delivered++;
            fromSend.record(t.get(DELIVERED) - t.get(SENT));
            if (t.get(ACKED) != 0) {
                long d = t.get(DELIVERED) - t.get(ACKED);
                if (d < 0) {
                    beforeAck++;
                }
                fromAck.record(Math.max(0, d));
            }
        }
        Map<String, Long> errorCounts = new java.util.TreeMap<>();
        errors.forEach((k, v) -> errorCounts.put(k, v.sum()));
        return new Result(fromSend, fromAck, enqueue, sent, acked, delivered, beforeAck, achieved, errorCounts, overloaded);
    }
}
