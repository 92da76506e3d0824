package io.corral.console;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times and durations as the clone-run, session and credential pages print them (UTC, to the second). */
final class ClockText {
    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private ClockText() {
    }

    /** {@code 2026-11-29 20:41:03} in UTC, or empty for null. */
    static String at(OffsetDateTime t) {
        return t == null ? "" : AT.format(t.withOffsetSameInstant(ZoneOffset.UTC));
    }

    /** {@code 1 h 02 min}, {@code 3 min 05 s}, {@code 12 s}; empty when it has not started. */
    static String between(OffsetDateTime from, OffsetDateTime to) {
        if (from == null) {
            return "";
        }
        long s = Math.max(0, Duration.between(from, to == null ? OffsetDateTime.now() : to).getSeconds());
        if (s >= 3600) {
            return String.format("%d h %02d min", s / 3600, s % 3600 / 60);
        }
        return s >= 60 ? String.format("%d min %02d s", s / 60, s % 60) : s + " s";
    }
}
