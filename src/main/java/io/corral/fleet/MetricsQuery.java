package io.corral.fleet;

import io.corral.platform.error.ValidationProblem;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Which samples of one guest to read: {@code [since, until)}, as stored or averaged per {@code step}
 * seconds. At most {@link #MAX_POINTS} points come back: a step that would make more buckets is refused
 * before anything is read, and so is a range holding more raw samples (see {@link MetricsService}).
 *
 * @param stepSeconds null for the samples as stored
 */
public record MetricsQuery(Instant since, Instant until, Integer stepSeconds) {
    public static final int MAX_POINTS = 10_000;
    static final Duration DEFAULT_RANGE = Duration.ofHours(1);
    static final int MAX_STEP_SECONDS = 366 * 86_400;

    /** Reads the query parameters; absent ones default to the last hour up to {@code now}. */
    public static MetricsQuery parse(String since, String until, String step, Instant now) {
        Instant to = instant("until", until, now);
        Instant from = instant("since", since, to.minus(DEFAULT_RANGE));
        if (!from.isBefore(to)) {
            throw new ValidationProblem("since", "must be before until (" + to + ")");
        }
        Integer stepSeconds = step(step);
        if (stepSeconds != null) {
            long stepMillis = stepSeconds * 1000L;
            long buckets = (Duration.between(from, to).toMillis() + stepMillis - 1) / stepMillis;
            if (buckets > MAX_POINTS) {
                throw new ValidationProblem("step", "makes " + buckets + " points of " + stepSeconds
                        + " s between since and until; at most " + MAX_POINTS + ": use a larger step or a shorter range");
            }
        }
        return new MetricsQuery(from, to, stepSeconds);
    }

    private static Instant instant(String name, String value, Instant fallback) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new ValidationProblem(name, "must be an ISO-8601 instant such as 2026-11-29T18:00:00Z");
        }
    }

    private static Integer step(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            int seconds = Integer.parseInt(value);
            if (seconds >= 1 && seconds <= MAX_STEP_SECONDS) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw new ValidationProblem("step", "must be a whole number of seconds from 1 to " + MAX_STEP_SECONDS);
    }
}
