package io.corral.agent.command;

import io.corral.agent.executor.CancellationFlag;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Bounds how many commands of one type run at once: a default bound for every type, and an own
 * bound for types that need one (e.g. {@code proxmox.clone=2}).
 */
public class TypeGate {

    private static final Duration CANCEL_CHECK = Duration.ofMillis(200);

    private final int defaultLimit;
    private final Map<String, Integer> limits;
    private final Map<String, Semaphore> slots = new ConcurrentHashMap<>();

    public TypeGate(int defaultLimit, Map<String, Integer> limits) {
        this.defaultLimit = Math.max(1, defaultLimit);
        this.limits = Map.copyOf(limits);
    }

    public int limit(String type) {
        return Math.max(1, limits.getOrDefault(type, defaultLimit));
    }

    /** A held slot; closing it frees the slot. */
    public interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Waits for a slot of this type; returns null (holding nothing) if the command is cancelled
     * while it waits.
     */
    public Slot acquire(String type, CancellationFlag cancellation) throws InterruptedException {
        Semaphore semaphore = slots.computeIfAbsent(type, t -> new Semaphore(limit(t), true));
        while (!semaphore.tryAcquire(CANCEL_CHECK.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            if (cancellation.isSet()) {
                return null;
            }
        }
        return semaphore::release;
    }

    /** Slots of this type free now (for tests and diagnostics). */
    public int available(String type) {
        Semaphore semaphore = slots.get(type);
        return semaphore == null ? limit(type) : semaphore.availablePermits();
    }
}
