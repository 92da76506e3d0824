package io.corral.console;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times as the VM pages show them: how long ago, and the instant in UTC. */
final class ConsoleTimes {
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'");

    private ConsoleTimes() {
    }

    /** "just now", "5 min ago", "3 h ago", "2 d ago"; "never" for null. */
    static String ago(OffsetDateTime at) {
        if (at == null) {
            return "never";
        }
        long s = Math.max(0, Duration.between(at, OffsetDateTime.now()).toSeconds());
        if (s < 60) {
            return s < 10 ? "just now" : s + " s ago";
        }
        if (s < 3600) {
            return s / 60 + " min ago";
        }
        return s < 86_400 ? s / 3600 + " h ago" : s / 86_400 + " d ago";
    }

    static String utc(OffsetDateTime at) {
        return at == null ? "—" : UTC.format(at.withOffsetSameInstant(ZoneOffset.UTC));
    }
}
