package io.corral.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Warm-up until flat: reads a running count (lifecycles done) at the end of each bucket of
 * {@code bucketSeconds} and ends once the rates of the last {@code buckets} buckets are all within
 * ±{@code percent} % of their mean, after at least {@code minSeconds}, or at {@code maxSeconds}
 * (then not flat).
 */
final class FlatWarmup {

    record Outcome(boolean flat, double seconds, List<Double> rates) {
        String describe() {
            StringBuilder b = new StringBuilder(flat ? "flat" : "NOT flat (cap reached)");
            b.append(String.format(" after %.0f s; per-bucket rates:", seconds));
            rates.forEach(r -> b.append(String.format(" %.0f", r)));
            return b.append(" /s").toString();
        }
    }

    private FlatWarmup() {
    }

    static Outcome await(LongSupplier count, int bucketSeconds, int buckets, double percent, int minSeconds,
                         int maxSeconds) throws InterruptedException {
        List<Double> rates = new ArrayList<>();
        long start = System.nanoTime();
        long last = count.getAsLong();
        long bucketNanos = bucketSeconds * 1_000_000_000L;
        for (int i = 1; ; i++) {
            long due = start + i * bucketNanos;
            long now;
            while ((now = System.nanoTime()) < due) {
                Thread.sleep(Math.max(1, (due - now) / 1_000_000));
            }
            long c = count.getAsLong();
            rates.add((c - last) / (double) bucketSeconds);
            last = c;
            double elapsed = (System.nanoTime() - start) / 1e9;
            System.out.printf("  warm-up: %.0f s, %.0f /s in the last bucket%n", elapsed, rates.get(rates.size() - 1));
            if (elapsed >= minSeconds && flat(rates, buckets, percent)) {
                return new Outcome(true, elapsed, rates);
            }
            if (elapsed + bucketSeconds > maxSeconds + 0.5) { // the next bucket would end after the cap
                return new Outcome(false, elapsed, rates);
            }
        }
    }

    static boolean flat(List<Double> rates, int buckets, double percent) {
        if (rates.size() < buckets) {
            return false;
        }
        List<Double> tail = rates.subList(rates.size() - buckets, rates.size());
        double mean = tail.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        if (mean <= 0) {
            return false;
        }
        return tail.stream().allMatch(r -> Math.abs(r - mean) <= mean * percent / 100);
    }
}
