package io.corral.observe;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class CachedTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final AtomicInteger reads = new AtomicInteger();

    @Test
    void readsOncePerIntervalHoweverOftenAsked() {
        Cached<Integer> cached = new Cached<>(reads::incrementAndGet, 0, 2_000, now::get);

        assertThat(cached.get()).isEqualTo(1);
        now.addAndGet(1_999);
        assertThat(cached.get()).isEqualTo(1);
        assertThat(cached.get()).isEqualTo(1);
        now.addAndGet(1);
        assertThat(cached.get()).isEqualTo(2);
        assertThat(reads).hasValue(2);
    }

    @Test
    void aFailedReadingKeepsTheLastValueUntilTheNextInterval() {
        boolean[] fail = {false};
        Cached<Integer> cached = new Cached<>(() -> {
            if (fail[0]) {
                throw new IllegalStateException("database down");
            }
            return reads.incrementAndGet();
        }, 0, 2_000, now::get);
        assertThat(cached.get()).isEqualTo(1);

        fail[0] = true;
        now.addAndGet(2_000);
        assertThat(cached.get()).isEqualTo(1);
        fail[0] = false;
        assertThat(cached.get()).as("not retried within the interval").isEqualTo(1);
        now.addAndGet(2_000);
        assertThat(cached.get()).isEqualTo(2);
    }

    @Test
    void theInitialValueStandsWhenTheFirstReadingFails() {
        Cached<Integer> cached = new Cached<>(() -> {
            throw new IllegalStateException("database down");
        }, -1, 2_000, now::get);

        assertThat(cached.get()).isEqualTo(-1);
    }
}
