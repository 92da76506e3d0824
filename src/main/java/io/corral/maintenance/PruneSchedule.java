package io.corral.maintenance;

import jakarta.ejb.ScheduleExpression;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * When the daily prune runs: {@code HH:MM} (UTC), {@code HH:MM Zone/Id}, or {@code off}.
 * Every instance's timer fires at that time; the slot (the scheduled instant) makes it one run.
 */
public record PruneSchedule(Optional<LocalTime> time, ZoneId zone) {
    static final ZoneId UTC = ZoneId.of("UTC");

    public static PruneSchedule parse(String text) {
        String s = text == null ? "" : text.trim();
        if (s.equalsIgnoreCase("off")) {
            return new PruneSchedule(Optional.empty(), UTC);
        }
        String[] parts = s.split("\\s+");
        try {
            if (parts.length > 2 || !parts[0].matches("\\d{2}:\\d{2}")) {
                throw new DateTimeException("not HH:MM");
            }
            LocalTime time = LocalTime.parse(parts[0]);
            ZoneId zone = parts.length == 2 ? ZoneId.of(parts[1]) : UTC;
            return new PruneSchedule(Optional.of(time), zone);
        } catch (DateTimeException e) {
            throw new IllegalStateException("CORRAL_PRUNE_SCHEDULE must be HH:MM, HH:MM Zone/Id or off, not '" + text + "'");
        }
    }

    public boolean enabled() {
        return time.isPresent();
    }

    /** The calendar expression of the daily timer. */
    public ScheduleExpression expression() {
        LocalTime t = time.orElseThrow();
        return new ScheduleExpression().hour(t.getHour()).minute(t.getMinute()).second(0).timezone(zone.getId());
    }

    /** The scheduled instant a timer firing at {@code now} is for: the latest one not after it. */
    public Instant slot(Instant now) {
        ZonedDateTime local = now.atZone(zone);
        ZonedDateTime today = local.with(time.orElseThrow()).withSecond(0).withNano(0);
        return (today.isAfter(local) ? today.minusDays(1) : today).toInstant();
    }

    @Override
    public String toString() {
        return time.map(t -> "daily at " + t + " " + zone.getId()).orElse("off");
    }
}
