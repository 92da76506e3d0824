package io.corral.clone;

import io.corral.command.CommandSignal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

/**
 * Wakes the runs' followers when commands finish on this instance, so an item's outcome shows
 * (and its follow-up is queued) at once; followers also look on their own every few seconds,
 * which covers commands finished on other instances.
 */
@ApplicationScoped
public class CloneRunWakeups {
    private final Object monitor = new Object();
    private long generation;

    void onCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) CommandSignal signal) {
        if (!signal.finishedCommands().isEmpty()) {
            synchronized (monitor) {
                generation++;
                monitor.notifyAll();
            }
        }
    }

    /** Returns when a command finished after {@code seen}, or after {@code millis}; the generation now. */
    public long await(long seen, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        synchronized (monitor) {
            while (generation == seen) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    break;
                }
                monitor.wait(left);
            }
            return generation;
        }
    }

    public long generation() {
        synchronized (monitor) {
            return generation;
        }
    }
}
