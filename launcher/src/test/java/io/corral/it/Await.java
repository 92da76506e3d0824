package io.corral.it;

import java.time.Duration;
import java.util.function.Supplier;

/** Waits for a condition to hold, checking it often; fails with the last observed value. */
final class Await {
    private Await() {
    }

    static <T> T until(String what, Duration timeout, Supplier<T> probe, java.util.function.Predicate<T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        while (System.nanoTime() < deadline) {
            last = probe.get();
            if (done.test(last)) {
                return last;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted waiting for " + what, e);
            }
        }
        throw new AssertionError("Timed out after " + timeout + " waiting for " + what + "; last seen: " + last);
    }
}
