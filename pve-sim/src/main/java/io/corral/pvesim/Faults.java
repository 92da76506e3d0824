package io.corral.pvesim;

import java.time.Duration;

/**
 * Faults the simulator injects on request, for tests of slow or failing Proxmox hosts:
 * for now an added latency on every API answer.
 */
public final class Faults {
    private volatile long latencyMillis;

    /** Every API answer is delayed by this much (zero to stop). */
    public Faults latency(Duration latency) {
        this.latencyMillis = Math.max(0, latency.toMillis());
        return this;
    }

    public Duration latency() {
        return Duration.ofMillis(latencyMillis);
    }

    public void clear() {
        latencyMillis = 0;
    }

    /** Called on a worker thread before answering: the delay is the fault being simulated. */
    void beforeAnswer() throws InterruptedException {
        long delay = latencyMillis;
        if (delay > 0) {
            Thread.sleep(delay);
        }
    }
}
