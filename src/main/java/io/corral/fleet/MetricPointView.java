package io.corral.fleet;

import java.time.OffsetDateTime;

/**
 * One point of a guest's metrics series: a stored sample, or the bucket of {@code step} seconds
 * starting at {@code at} ({@code samples} of them: gauges averaged, maxima and counters the largest
 * value, {@code status} the last one seen).
 */
public record MetricPointView(OffsetDateTime at, int samples, String node, String status, Double cpu, Integer maxcpu,
                              Long mem, Long maxmem, Long disk, Long maxdisk, Long netin, Long netout, Long diskread,
                              Long diskwrite, Long uptime) {
}
