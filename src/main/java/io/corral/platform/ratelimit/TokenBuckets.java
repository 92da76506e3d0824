package io.corral.platform.ratelimit;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** One token bucket per API token (or guest): {@code rate} requests a second, bursts up to twice that (10 at least). */
@ApplicationScoped
public class TokenBuckets {
    private final ConcurrentHashMap<UUID, Bucket> buckets = new ConcurrentHashMap<>();

    /** @return 0 when the request may pass, else the seconds to wait before the next one */
    public long take(UUID tokenId, int ratePerSecond, long nowNanos) {
        Bucket b = buckets.computeIfAbsent(tokenId, k -> new Bucket(ratePerSecond, nowNanos));
        return b.take(ratePerSecond, nowNanos);
    }

    static final class Bucket {
        private double tokens;
        private long last;

        Bucket(int rate, long now) {
            this.tokens = capacity(rate);
            this.last = now;
        }

        synchronized long take(int rate, long now) {
            tokens = Math.min(capacity(rate), tokens + (now - last) / 1e9 * rate);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) / rate);
        }

        private static double capacity(int rate) {
            return Math.max(2.0 * rate, 10);
        }
    }
}
