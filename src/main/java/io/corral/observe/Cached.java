package io.corral.observe;

import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.function.Supplier;

/**
 * A value read again at most once per {@code maxAgeMillis}: scrapes in between share the last
 * reading. A failed reading keeps the previous value until the next interval.
 */
final class Cached<T> {
    private static final Logger LOG = Logger.getLogger(Cached.class.getName());
    private final Supplier<T> source;
    private final LongSupplier clock;
    private final long maxAgeMillis;
    private T value;
    private long readAt;
    private boolean read;
    private boolean failing;

    Cached(Supplier<T> source, T initial, long maxAgeMillis, LongSupplier clock) {
        this.source = source;
        this.value = initial;
        this.maxAgeMillis = maxAgeMillis;
        this.clock = clock;
    }

    synchronized T get() {
        long now = clock.getAsLong();
        if (!read || now - readAt >= maxAgeMillis) {
            readAt = now;
            read = true;
            try {
                value = source.get();
                failing = false;
            } catch (RuntimeException e) {
                // Once per outage at WARNING (a scrape every few seconds would repeat it), then FINE.
                LOG.log(failing ? Level.FINE : Level.WARNING, "Metrics: a reading failed, the last one stays: " + e, e);
                failing = true;
            }
        }
        return value;
    }
}
