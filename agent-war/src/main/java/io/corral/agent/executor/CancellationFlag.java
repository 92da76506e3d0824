package io.corral.agent.executor;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Set once when a running command should stop; executors poll it or wait on it. */
public final class CancellationFlag {

    private final CountDownLatch latch = new CountDownLatch(1);
    private volatile String reason;

    /** Sets the flag; the first reason stays. Returns true if this call set it. */
    public synchronized boolean set(String why) {
        if (isSet()) {
            return false;
        }
        reason = why;
        latch.countDown();
        return true;
    }

    public boolean isSet() {
        return latch.getCount() == 0;
    }

    public String reason() {
        return reason;
    }

    /** Waits up to {@code timeout}; true when the flag is (or becomes) set. */
    public boolean await(Duration timeout) throws InterruptedException {
        return latch.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
}
