package io.corral.container;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Waits for a condition, checking every 100 ms; fails with {@code what} when it does not hold in time. */
final class Await {
    private Await() {
    }

    static void until(Duration timeout, String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not within " + timeout.toSeconds() + " s: " + what);
            }
            Thread.sleep(100);
        }
    }
}
