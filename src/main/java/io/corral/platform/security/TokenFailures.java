package io.corral.platform.security;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed bearer lookups per client address, in fixed one-minute windows. An address past its budget is refused
 * unknown tokens until the window ends, without a database query. Kept per instance: it only has to make guessing
 * slow, and a guesser spread over instances is still limited on each.
 */
final class TokenFailures {
    private static final long WINDOW_MILLIS = 60_000;
    private static final int MAX_ADDRESSES = 100_000;
    private final int perMinute;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    private static final class Window {
        final long start;
        int failures;

        Window(long start) {
            this.start = start;
        }
    }

    TokenFailures(int perMinute) {
        this.perMinute = Math.max(1, perMinute);
    }

    /** Seconds until this address may try unknown tokens again; 0 when it may now. */
    long blockedSeconds(String address, long nowMillis) {
        Window w = windows.get(address);
        if (w == null || nowMillis - w.start >= WINDOW_MILLIS) {
            return 0;
        }
        synchronized (w) {
            return w.failures >= perMinute ? Math.max(1, (w.start + WINDOW_MILLIS - nowMillis + 999) / 1000) : 0;
        }
    }

    /** Counts one failed lookup; answers whether the address is now over its budget. */
    boolean failed(String address, long nowMillis) {
        if (windows.size() >= MAX_ADDRESSES) {
            windows.clear();
        }
        Window w = windows.compute(address, (a, old) -> old == null || nowMillis - old.start >= WINDOW_MILLIS
                ? new Window(nowMillis) : old);
        synchronized (w) {
            w.failures++;
            return w.failures > perMinute;
        }
    }

    int perMinute() {
        return perMinute;
    }
}
