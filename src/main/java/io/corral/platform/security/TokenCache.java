package io.corral.platform.security;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The answers of token lookups, by secret hash. Known tokens and misses are kept apart: a flood of guessed
 * tokens fills (and at worst empties) the bounded miss side only, never pushes known tokens out. A lookup that
 * was running while {@link #forget} ran does not put its (possibly stale) answer back.
 */
final class TokenCache {
    private final long hitMillis;
    private final long missMillis;
    private final int maxEntries;
    private final ConcurrentHashMap<String, Entry> known = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Long> misses = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();

    private record Entry(Caller caller, long until) {
    }

    TokenCache(long hitMillis, long missMillis, int maxEntries) {
        this.hitMillis = hitMillis;
        this.missMillis = missMillis;
        this.maxEntries = maxEntries;
    }

    /** The cached caller, if this hash is known and its entry is fresh. */
    Optional<Caller> known(String hash, long nowMillis) {
        Entry hit = known.get(hash);
        return hit != null && hit.until() > nowMillis ? Optional.of(hit.caller()) : Optional.empty();
    }

    /** Whether this hash missed a lookup a moment ago (no need to ask the database again). */
    boolean missed(String hash, long nowMillis) {
        Long until = misses.get(hash);
        return until != null && until > nowMillis;
    }

    /** The cached answer, or the lookup's (then cached). */
    Optional<Caller> resolve(String hash, long nowMillis, Function<String, Optional<Caller>> lookup) {
        Optional<Caller> hit = known(hash, nowMillis);
        if (hit.isPresent() || missed(hash, nowMillis)) {
            return hit;
        }
        long before = generation.get();
        Optional<Caller> caller = lookup.apply(hash);
        if (caller.isPresent()) {
            if (known.size() >= maxEntries) {
                known.clear();
            }
            Entry entry = new Entry(caller.get(), nowMillis + hitMillis);
            known.put(hash, entry);
            // forget() ran during the lookup: its answer may predate a revocation.
            if (generation.get() != before) {
                known.remove(hash, entry);
            }
        } else {
            if (misses.size() >= maxEntries) {
                misses.clear();
            }
            misses.put(hash, nowMillis + missMillis);
        }
        return caller;
    }

    /** Drops every known token (misses stay misses: a revoked or replaced secret does not come back). */
    void forget() {
        generation.incrementAndGet();
        known.clear();
    }

    int knownSize() {
        return known.size();
    }
}
