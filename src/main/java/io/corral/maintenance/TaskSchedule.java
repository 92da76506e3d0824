package io.corral.maintenance;

import jakarta.ejb.ScheduleExpression;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a task runs: {@code every 30s}, {@code every 5m}, {@code every 6h} (the period divides a minute,
 * an hour or a day, so ticks fall on the same wall-clock marks on every instance: every 5m at :00, :05 …),
 * {@code daily HH:MM} (UTC), or {@code off}. The slot of a tick is the scheduled instant it is for; a
 * task runs once per slot across instances.
 */
public record TaskSchedule(Kind kind, Duration period, LocalTime dailyAt) {

    public enum Kind { EVERY, DAILY, OFF }

    private static final Pattern EVERY = Pattern.compile("every\\s+(\\d{1,3})\\s*([smh])");
    private static final Pattern DAILY = Pattern.compile("daily\\s+(\\d{2}):(\\d{2})");
    /** A timer firing this much before its mark still counts for that mark. */
    private static final Duration EARLY_TOLERANCE = Duration.ofMillis(500);

    public static TaskSchedule parse(String key, String text) {
        String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (s.equals("off")) {
            return new TaskSchedule(Kind.OFF, null, null);
        }
        Matcher every = EVERY.matcher(s);
        if (every.matches()) {
            int n = Integer.parseInt(every.group(1));
            String unit = every.group(2);
            int whole = unit.equals("h") ? 24 : 60;
            if (n < 1 || whole % n != 0) {
                throw invalid(key, text, "the period must divide " + (unit.equals("h") ? "a day" : unit.equals("m")
                        ? "an hour" : "a minute") + " (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30" + (whole == 24 ? ", 8, 12"
                        : "") + " …)");
            }
            Duration period = switch (unit) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
            return new TaskSchedule(Kind.EVERY, period, null);
        }
        Matcher daily = DAILY.matcher(s);
        if (daily.matches()) {
            int hour = Integer.parseInt(daily.group(1));
            int minute = Integer.parseInt(daily.group(2));
            if (hour > 23 || minute > 59) {
                throw invalid(key, text, "HH:MM out of range");
            }
            return new TaskSchedule(Kind.DAILY, Duration.ofDays(1), LocalTime.of(hour, minute));
        }
        throw invalid(key, text, "expected 'every <n>s|m|h', 'daily HH:MM' (UTC) or 'off'");
    }

    private static IllegalStateException invalid(String key, String text, String why) {
        return new IllegalStateException(key + " must be 'every <n>s|m|h', 'daily HH:MM' or 'off', not '" + text
                + "': " + why);
    }

    public boolean enabled() {
        return kind != Kind.OFF;
    }

    /** The EJB calendar expression of the timer, in UTC. */
    public ScheduleExpression expression() {
        ScheduleExpression e = new ScheduleExpression().timezone("UTC");
        return switch (kind) {
            case DAILY -> e.hour(dailyAt.getHour()).minute(dailyAt.getMinute()).second(0);
            case EVERY -> {
                long seconds = period.toSeconds();
                if (seconds < 60) {
                    yield e.hour("*").minute("*").second("*/" + seconds);
                } else if (seconds < 3600) {
                    yield e.hour("*").minute("*/" + seconds / 60).second(0);
                }
                yield e.hour("*/" + seconds / 3600).minute(0).second(0);
            }
            case OFF -> throw new IllegalStateException("an 'off' schedule has no timer");
        };
    }

    /** The scheduled instant a tick at {@code now} is for: the latest mark not after it (allowing a slightly early timer). */
    public Instant slot(Instant now) {
        Instant at = now.plus(EARLY_TOLERANCE);
        if (kind == Kind.DAILY) {
            ZonedDateTime local = at.atZone(ZoneOffset.UTC);
            ZonedDateTime today = local.with(dailyAt).withSecond(0).withNano(0);
            return (today.isAfter(local) ? today.minusDays(1) : today).toInstant();
        }
        long periodMillis = period.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(at.toEpochMilli(), periodMillis) * periodMillis);
    }

    /**
     * The mark a timer tick is for, given the tick's next scheduled timeout: the mark just before it.
     * Unlike {@link #slot(Instant)} of the firing time, this holds for a tick that fires late.
     */
    public Instant slotBefore(Instant nextTimeout) {
        return nextTimeout.minus(kind == Kind.DAILY ? Duration.ofDays(1) : period);
    }

    /** The next mark after {@code now}; null when off. */
    public Instant next(Instant now) {
        if (!enabled()) {
            return null;
        }
        Instant slot = slot(now);
        if (kind == Kind.DAILY) {
            return slot.plus(Duration.ofDays(1));
        }
        return slot.plus(period);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case OFF -> "off";
            case DAILY -> "daily " + dailyAt + " UTC";
            case EVERY -> "every " + human(period);
        };
    }

    private static String human(Duration d) {
        long s = d.toSeconds();
        return s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
    }
}
