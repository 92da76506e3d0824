package io.corral.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Traced commands: when the POST was about to be sent, when its 201 arrived, and when the poll
 * answer carrying the command (matched by payload n) arrived at an emulated agent.
 */
final class Tracers implements AgentFleet.DeliveryListener {

    private static final int SENT = 0;
    private static final int ACKED = 1;
    private static final int DELIVERED = 2;

    private final Map<Long, AtomicLongArray> times = new ConcurrentHashMap<>();
    private final LongAdder delivered = new LongAdder();
    private volatile boolean on = true;

    /** Whether commands sent from now on are traced (on unless switched off). */
    void on(boolean tracing) {
        on = tracing;
    }

    void sent(long n, long nanos) {
        if (!on) {
            return;
        }
        AtomicLongArray t = new AtomicLongArray(3);
        t.set(SENT, nanos);
        times.put(n, t);
    }

    void acked(long n, long nanos) {
        AtomicLongArray t = times.get(n);
        if (t != null) {
            t.set(ACKED, nanos);
        }
    }

    @Override
    public void delivered(long n, long receivedNanos) {
        AtomicLongArray t = times.get(n);
        if (t != null && t.compareAndSet(DELIVERED, 0, receivedNanos)) {
            delivered.increment();
        }
    }

    long deliveredCount() {
        return delivered.sum();
    }

    long tracedCount() {
        return times.size();
    }

    /** Sent → delivered, 201 → delivered (0 when delivered first), counts. */
    record Summary(Latency fromSend, Latency fromAck, long sent, long acked, long delivered, long beforeAck) {
    }

    Summary summary() {
        Latency fromSend = new Latency();
        Latency fromAck = new Latency();
        long acked = 0;
        long done = 0;
        long beforeAck = 0;
        for (AtomicLongArray t : times.values()) {
            if (t.get(ACKED) != 0) {
                acked++;
            }
            if (t.get(DELIVERED) == 0) {
                continue;
            }
            done++;
            fromSend.record(t.get(DELIVERED) - t.get(SENT));
            if (t.get(ACKED) != 0) {
                long d = t.get(DELIVERED) - t.get(ACKED);
                if (d < 0) {
                    beforeAck++;
                }
                fromAck.record(Math.max(0, d));
            }
        }
        return new Summary(fromSend, fromAck, times.size(), acked, done, beforeAck);
    }
}
