package io.corral.pvesim;

import java.time.Duration;
import java.util.function.Supplier;

/** Bounded polling for a condition, instead of fixed sleeps. */
final class Await {

    private Await() {
    }

    static <T> T until(String what, Duration timeout, Supplier<T> probe, java.util.function.Predicate<T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = probe.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; last: " + last);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
            last = probe.get();
        }
        return last;
    }

    static void until(String what, Duration timeout, Supplier<Boolean> condition) {
        until(what, timeout, condition, Boolean.TRUE::equals);
    }
}
