package io.corral.agent.clone;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The gate's admission: who waits, who runs, per source guest and per storage; which waiter is
 * granted next (first come, first served on every key it waits for); which share a waiter
 * overflows; and the figures of all this for the heartbeat. Not thread-safe: the {@link CloneGate}
 * calls it under its lock.
 */
final class CloneQueue {

    private final CloneGateSettings settings;
    private final List<CloneWaiter> waiting = new ArrayList<>();
    private final Map<String, Integer> runningByTemplate = new TreeMap<>();
    private final Map<String, Integer> runningByStorage = new TreeMap<>();
    private long granted;
    private long waitedNanos;
    private long refusedQueueFull;
    private long timedOut;
    private long abandoned;

    CloneQueue(CloneGateSettings settings) {
        this.settings = settings;
    }

    void add(CloneWaiter waiter) {
        waiting.add(waiter);
    }

    /** Takes the waiter out of the queue; true if it was there. */
    boolean remove(CloneWaiter waiter) {
        return waiting.remove(waiter);
    }

    /**
     * Grants slots in queue order and returns the waiters granted now (removed from the queue,
     * counted as running). A waiter that cannot have its slot blocks later waiters on the keys it
     * waits for (FIFO per key), not on keys that are free for it.
     */
    List<CloneWaiter> dispatch() {
        Set<String> blockedTemplates = new HashSet<>();
        Set<String> blockedStorages = new HashSet<>();
        List<CloneWaiter> grantedNow = new ArrayList<>();
        for (Iterator<CloneWaiter> it = waiting.iterator(); it.hasNext(); ) {
            CloneWaiter waiter = it.next();
            boolean templateFree = !blockedTemplates.contains(waiter.templateKey)
                    && runningByTemplate.getOrDefault(waiter.templateKey, 0) == 0;
            boolean storageFree = !blockedStorages.contains(waiter.storageKey)
                    && runningByStorage.getOrDefault(waiter.storageKey, 0) < settings.perStorage();
            if (templateFree && storageFree) {
                it.remove();
                runningByTemplate.merge(waiter.templateKey, 1, Integer::sum);
                runningByStorage.merge(waiter.storageKey, 1, Integer::sum);
                granted++;
                waitedNanos += System.nanoTime() - waiter.queuedAt;
                grantedNow.add(waiter);
            } else {
                if (!templateFree) {
                    blockedTemplates.add(waiter.templateKey);
                }
                if (!storageFree) {
                    blockedStorages.add(waiter.storageKey);
                }
            }
        }
        return grantedNow;
    }

    /** A slot on these keys was freed. */
    void finished(String templateKey, String storageKey) {
        decrement(runningByTemplate, templateKey);
        decrement(runningByStorage, storageKey);
    }

    /**
     * The refusal for a waiter just queued (and not granted) when it overflows its share: the
     * commands' share, the proxy clients' share, or its own client's part of the latter.
     */
    CloneGate.QueueFullException overflow(CloneWaiter waiter) {
        int commands = 0;
        int proxied = 0;
        int sameClient = 0;
        for (CloneWaiter queued : waiting) {
            if (queued.client == null) {
                commands++;
            } else {
                proxied++;
                if (queued.client.equals(waiter.client)) {
                    sameClient++;
                }
            }
        }
        if (waiter.client == null) {
            return commands > settings.queueLimit() ? new CloneGate.QueueFullException(settings.queueLimit()) : null;
        }
        if (sameClient > settings.perClientQueueLimit()) {
            return new CloneGate.QueueFullException(settings.perClientQueueLimit(), true);
        }
        return proxied > settings.proxyQueueLimit() ? new CloneGate.QueueFullException(settings.proxyQueueLimit())
                : null;
    }

    void refused() {
        refusedQueueFull++;
    }

    void timedOut() {
        timedOut++;
    }

    void abandoned() {
        abandoned++;
    }

    /** The figures now; {@code watching}: the slots handed a UPID. */
    CloneGateStats stats(int watching) {
        Map<String, Integer> queuedByTemplate = new TreeMap<>();
        Map<String, Integer> queuedByStorage = new TreeMap<>();
        for (CloneWaiter waiter : waiting) {
            queuedByTemplate.merge(waiter.templateKey, 1, Integer::sum);
            queuedByStorage.merge(waiter.storageKey, 1, Integer::sum);
        }
        int running = runningByTemplate.values().stream().mapToInt(Integer::intValue).sum();
        return new CloneGateStats(waiting.size(), running, watching, settings.perStorage(), settings.queueLimit(),
                Map.copyOf(queuedByTemplate), Map.copyOf(runningByTemplate), Map.copyOf(queuedByStorage),
                Map.copyOf(runningByStorage), granted, refusedQueueFull, timedOut, abandoned,
                TimeUnit.NANOSECONDS.toMillis(waitedNanos));
    }

    private static void decrement(Map<String, Integer> counts, String key) {
        counts.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
    }
}
