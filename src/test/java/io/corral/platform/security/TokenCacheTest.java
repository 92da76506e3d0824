package io.corral.platform.security;

import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class TokenCacheTest {
    private static final Caller TOKEN = new Caller(Caller.Kind.API_TOKEN, UUID.randomUUID(), "ci", Role.VIEWER, null);

    @Test
    void aRepeatedGuessCostsOneLookupForTheMissTtl() {
        TokenCache cache = new TokenCache(2_000, 30_000, 1000);
        AtomicInteger lookups = new AtomicInteger();
        for (int i = 0; i < 50; i++) {
            assertThat(cache.resolve("guess", 1_000 + i * 100L, h -> {
                lookups.incrementAndGet();
                return Optional.empty();
            })).isEmpty();
        }
        assertThat(lookups).as("50 tries within 5 s").hasValue(1);
        cache.resolve("guess", 1_000 + 30_001, h -> {
            lookups.incrementAndGet();
            return Optional.empty();
        });
        assertThat(lookups).as("asked again after the miss TTL").hasValue(2);
    }

    @Test
    void aFloodOfGuessesDoesNotEvictAKnownToken() {
        TokenCache cache = new TokenCache(2_000, 30_000, 1000);
        AtomicInteger lookups = new AtomicInteger();
        cache.resolve("valid", 0, h -> Optional.of(TOKEN));
        for (int i = 0; i < 5_000; i++) {
            cache.resolve("guess-" + i, 1, h -> Optional.empty());
        }
        assertThat(cache.resolve("valid", 2, h -> {
            lookups.incrementAndGet();
            return Optional.of(TOKEN);
        })).contains(TOKEN);
        assertThat(lookups).as("still cached after 5,000 guesses").hasValue(0);
    }

    @Test
    void aLookupRunningWhileTokensAreForgottenIsNotCached() {
        TokenCache cache = new TokenCache(2_000, 30_000, 1000);
        // The lookup read the row before the revocation committed; forget() runs while it is in flight.
        assertThat(cache.resolve("old", 0, h -> {
            cache.forget();
            return Optional.of(TOKEN);
        })).contains(TOKEN);
        assertThat(cache.known("old", 1)).as("its answer is not kept").isEmpty();
        AtomicInteger lookups = new AtomicInteger();
        assertThat(cache.resolve("old", 2, h -> {
            lookups.incrementAndGet();
            return Optional.empty();
        })).as("the next request asks the database, which says revoked").isEmpty();
        assertThat(lookups).hasValue(1);
    }

    @Test
    void forgetDropsKnownTokensButKeepsMisses() {
        TokenCache cache = new TokenCache(2_000, 30_000, 1000);
        cache.resolve("valid", 0, h -> Optional.of(TOKEN));
        cache.resolve("guess", 0, h -> Optional.empty());
        cache.forget();
        assertThat(cache.known("valid", 1)).isEmpty();
        assertThat(cache.missed("guess", 1)).isTrue();
        assertThat(cache.known("valid", 0)).isEmpty();
    }

    @Test
    void knownTokensExpireAfterTheirTtl() {
        TokenCache cache = new TokenCache(2_000, 30_000, 1000);
        cache.resolve("valid", 0, h -> Optional.of(TOKEN));
        assertThat(cache.known("valid", 1_999)).contains(TOKEN);
        assertThat(cache.known("valid", 2_000)).isEmpty();
    }
}
