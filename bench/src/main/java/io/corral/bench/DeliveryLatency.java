package io.corral.bench;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Enqueue-to-delivery latency: from just before the enqueue POST is sent (and, second figure, from
 * its 201) to the arrival at an emulated agent of the poll answer carrying the command (matched by
 * its payload's n). Idle: the agents' polls are held and commands are posted one at a time at a low
 * open-loop rate, each one traced. Under load: lifecycle load runs open-loop (one command per POST)
 * at a share of the measured maximum and a few hundred of its commands are traced.
 */
final class DeliveryLatency {

    /** Sending stops when more than this many seconds' worth of commands are undelivered: the rate is not sustained. */
    static final int OVERLOAD_SECONDS = 3;
    private static final int IDLE_THREADS = 2;

    private final Api api;
    private final String operatorToken;
    private final AgentFleet fleet;
    private final Report report;
    private final AtomicLong sequence;
    private final String[] db;
    private int loadThreads = 16;

    DeliveryLatency(Api api, String operatorToken, AgentFleet fleet, Report report, AtomicLong sequence, String[] db) {
        this.api = api;
        this.operatorToken = operatorToken;
        this.fleet = fleet;
        this.report = report;
        this.sequence = sequence;
        this.db = db;
    }

    /** Sender threads of the loaded windows (each its own connection). */
    DeliveryLatency loadThreads(int threads) {
        this.loadThreads = threads;
        return this;
    }

    record Result(Latency fromSend, Latency fromAck, Latency enqueue, long sent, long acked, long delivered,
                  long beforeAck, double achievedRate, Map<String, Long> errors, boolean overloaded) {
    }

    /** Idle latency at {@code rate} commands/s, every command traced. */
    void run(int rate, int warmupSeconds, int seconds) throws Exception {
        String phase = "Delivery idle @" + rate + "/s";
        awaitEmpty(rate + "/s");
        Result r = measure(rate, IDLE_THREADS, warmupSeconds, seconds, 1);
        row(phase, r, "p50<=10", r.fromSend().percentileMillis(50) <= 10);
        report.row(phase, "201 received -> poll answer at agent", r.fromAck().summary(), "", null);
        report.row(phase, "POST /commands round trip", r.enqueue().summary(), "", null);
        describe("idle, " + rate + "/s (every command traced, " + IDLE_THREADS + " sender threads)", warmupSeconds, seconds, r);
    }

    /** Latency of a few hundred traced commands while lifecycle load runs open-loop at {@code percent} % of {@code max}. */
    void underLoad(int percent, double max, int warmupSeconds, int seconds, int tracers) throws Exception {
        double rate = max * percent / 100;
        String phase = "Delivery @" + percent + "% load";
        awaitEmpty(percent + " % load");
        long traceEvery = Math.max(1, Math.round(rate * seconds / tracers));
        // blocking senders: enough that each needs to send at most 5 a second (200 ms per POST)
        int threads = Math.max(loadThreads, (int) Math.ceil(rate / 5));
        Result r = measure(rate, threads, warmupSeconds, seconds, traceEvery);
        boolean p99Target = percent == 50;
        boolean rateHeld = r.achievedRate() >= rate * 0.95;
        row(phase, r, p99Target ? "p99<=50" : "", p99Target ? rateHeld && r.fromSend().percentileMillis(99) <= 50 : null);
        report.row(phase, "load sent / asked (open loop, single enqueue)", String.format("%,.0f / %,.0f /s%s",
                r.achievedRate(), rate, rateHeld ? "" : " (fell behind: all senders waiting for answers)"), "", null);
        report.row(phase, "POST /commands round trip (all load)", r.enqueue().summary(), "", null);
        describe(String.format("%d %% of the single-enqueue maximum %,.0f/s = %,.0f/s open-loop, one command per POST from "
                + "%d threads, %s traced", percent, max, rate, threads, traceEvery == 1 ? "every command"
                : "1 in " + traceEvery + " commands"), warmupSeconds, seconds, r);
    }

    /** Warm-up, then one measured window with every command traced, without report rows (PruneBench). */
    Result sample(int rate, int warmupSeconds, int seconds) throws Exception {
        Backlog.awaitEmpty(db, Duration.ofSeconds(120));
        return measure(rate, IDLE_THREADS, warmupSeconds, seconds, 1);
    }

    private void row(String phase, Result r, String target, Boolean met) {
        boolean complete = !r.overloaded() && r.delivered() == r.sent() && r.sent() > 0;
        report.row(phase, "enqueue sent -> poll answer at agent", (r.overloaded() ? "OVERLOADED, delivered part: " : "")
                + r.fromSend().summary(), target, met == null ? null : complete && met);
    }

    private void awaitEmpty(String what) throws Exception {
        long left = Backlog.awaitEmpty(db, Duration.ofSeconds(120));
        if (left > 0) {
            report.detail("Delivery latency", what + ": " + left + " commands of earlier phases were still not final "
                    + "after 120 s; measured anyway");
        }
        report.detail("Delivery latency", String.format("%s: command table %,d rows at the start", what,
                Backlog.commandRows(db)));
    }

    private void describe(String what, int warmupSeconds, int seconds, Result r) {
        report.detail("Delivery latency", String.format("%s; %d s warm-up then %d s measured: %,d traced%s, %,d 201, %,d "
                        + "delivered, %,d not delivered 60 s after sending stopped, %,d delivered before their 201 arrived "
                        + "(counted as 0 in the 201-based figure); achieved send rate %.1f/s; errors %s", what, warmupSeconds,
                seconds, r.sent(), r.overloaded() ? " (sending stopped: more than " + OVERLOAD_SECONDS
                        + " s of commands undelivered)" : "", r.acked(), r.delivered(), r.sent() - r.delivered(),
                r.beforeAck(), r.achievedRate(), r.errors()));
    }

    private Result measure(double rate, int threads, int warmupSeconds, int seconds, long traceEvery) throws Exception {
        Tracers tracers = new Tracers();
        tracers.on(warmupSeconds <= 0);
        fleet.listen(tracers);
        LifecycleLoad load = new LifecycleLoad(api.url(""), operatorToken, fleet, sequence);
        long deliveredBase = fleet.delivered();
        load.startOpenLoop(threads, rate, tracers, traceEvery);
        boolean overloaded = waitUnlessOverloaded(load, deliveredBase, rate, warmupSeconds);
        long sentFrom = load.sent();
        long t0 = System.nanoTime();
        if (!overloaded) {
            load.enqueueCalls.reset();
            tracers.on(true);
            overloaded = waitUnlessOverloaded(load, deliveredBase, rate, seconds);
            tracers.on(false);
        }
        double achieved = (load.sent() - sentFrom) / ((System.nanoTime() - t0) / 1e9);
        load.stop();
        long graceEnd = System.nanoTime() + 60_000_000_000L;
        while (tracers.deliveredCount() < tracers.tracedCount() && System.nanoTime() < graceEnd) {
            Thread.sleep(100);
        }
        fleet.listen(null);
        Tracers.Summary s = tracers.summary();
        return new Result(s.fromSend(), s.fromAck(), load.enqueueCalls, s.sent(), s.acked(), s.delivered(), s.beforeAck(),
                achieved, new TreeMap<>(load.errors()), overloaded);
    }

    /** Waits {@code seconds}; true (early) once more than OVERLOAD_SECONDS of commands are sent and not delivered. */
    private boolean waitUnlessOverloaded(LifecycleLoad load, long deliveredBase, double rate, int seconds)
            throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            Thread.sleep(100);
            if (load.sent() - (fleet.delivered() - deliveredBase) > rate * OVERLOAD_SECONDS) {
                return true;
            }
        }
        return false;
    }
}
