package io.corral.platform.security;

import io.corral.platform.db.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * Failed console sign-ins per user name and per client address, kept in PostgreSQL so the back-off holds on
 * every control-plane instance. While either is blocked, sign-in is refused without checking the password.
 */
@ApplicationScoped
public class LoginThrottle {
    static final String USER = "user";
    static final String ADDRESS = "address";
    private static final Logger LOG = Logger.getLogger(LoginThrottle.class.getName());

    @Inject
    Jdbc jdbc;

    @Inject
    LoginThrottleSettings settings;

    @Inject
    Clock clock;

    private final AtomicLong lastSweep = new AtomicLong();

    /** How long sign-in stays refused for this user name or address; zero when it is not. */
    public Duration blocked(String username, String address) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        return jdbc.one("select max(blocked_until) from login_throttle where blocked_until > ? and "
                        + "((kind = 'user' and subject = ?) or (kind = 'address' and subject = ?))",
                        rs -> rs.getObject(1, OffsetDateTime.class), now, key(username), key(address))
                .filter(until -> until != null)
                .map(until -> Duration.between(now, until))
                .orElse(Duration.ZERO);
    }

    /** Counts a failed sign-in against the user name and the address. */
    public void failed(String username, String address) {
        count(USER, key(username));
        count(ADDRESS, key(address));
        forgetOld();
    }

    /** Rows of names tried once and never again would pile up: drop forgotten ones, at most once a minute. */
    private void forgetOld() {
        long now = clock.millis();
        long last = lastSweep.get();
        if (now - last >= 60_000 && lastSweep.compareAndSet(last, now)) {
            OffsetDateTime at = OffsetDateTime.now(clock);
            jdbc.update("delete from login_throttle where last_failure_at < ? and (blocked_until is null or blocked_until < ?)",
                    at.minus(settings.forgetAfter()), at);
        }
    }

    /** A successful sign-in clears the user name's failures (not the address's). */
    public void succeeded(String username) {
        jdbc.update("delete from login_throttle where kind = 'user' and subject = ?", key(username));
    }

    private void count(String kind, String subject) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        OffsetDateTime forgotten = now.minus(settings.forgetAfter());
        // One statement, so two instances counting at once both count.
        int failures = jdbc.one("insert into login_throttle (kind, subject, failures, last_failure_at) values (?, ?, 1, ?) "
                        + "on conflict (kind, subject) do update set failures = case when login_throttle.last_failure_at < ? "
                        + "then 1 else login_throttle.failures + 1 end, last_failure_at = excluded.last_failure_at "
                        + "returning failures", rs -> rs.getInt(1), kind, subject, now, forgotten).orElse(1);
        Duration block = settings.blockAfter(kind, failures);
        if (!block.isZero()) {
            jdbc.update("update login_throttle set blocked_until = ? where kind = ? and subject = ?", now.plus(block),
                    kind, subject);
            LOG.info(() -> "Console sign-in blocked for " + block.toSeconds() + " s: " + kind + " " + subject + " after "
                    + failures + " failures");
        }
    }

    private static String key(String s) {
        String v = s == null ? "" : s.strip().toLowerCase(Locale.ROOT);
        return v.length() > 200 ? v.substring(0, 200) : v;
    }
}
