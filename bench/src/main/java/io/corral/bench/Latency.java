package io.corral.bench;

import org.HdrHistogram.ConcurrentHistogram;

/** A latency distribution recorded in nanoseconds from many threads, read in milliseconds. */
final class Latency {

    private final ConcurrentHistogram histogram = new ConcurrentHistogram(3);

    void record(long nanos) {
        histogram.recordValue(Math.max(0, nanos));
    }

    long count() {
        return histogram.getTotalCount();
    }

    double percentileMillis(double p) {
        return histogram.getValueAtPercentile(p) / 1e6;
    }

    double maxMillis() {
        return histogram.getMaxValue() / 1e6;
    }

    void reset() {
        histogram.reset();
    }

    /** "p50 0.8 / p95 2.1 / p99 4.0 / max 12.3 ms (n=1000)" */
    String summary() {
        if (count() == 0) {
            return "no samples";
        }
        return String.format("p50 %s / p95 %s / p99 %s / max %s ms (n=%d)", ms(percentileMillis(50)),
                ms(percentileMillis(95)), ms(percentileMillis(99)), ms(maxMillis()), count());
    }

    static String ms(double v) {
        return v >= 100 ? String.format("%.0f", v) : v >= 10 ? String.format("%.1f", v) : String.format("%.2f", v);
    }
}
