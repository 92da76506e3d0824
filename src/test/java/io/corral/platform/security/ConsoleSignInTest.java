package io.corral.platform.security;

import io.corral.platform.db.Jdbc;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The console's sign-in rules on a real PostgreSQL: the back-off is shared by two control-plane instances, an
 * unknown user name costs a hash check like a known one, and password hashing runs a bounded number at once.
 */
class ConsoleSignInTest {
    private static EmbeddedPostgres postgres;
    private static DataSource dataSource;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        dataSource = postgres.getPostgresDatabase();
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    }

    @AfterAll
    static void stop() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    /** One control-plane instance's sign-in check: its own beans, its own connections, the shared database. */
    private static ConsoleIdentityStore instance(Clock clock, Passwords passwords) {
        LoginThrottleSettings settings = new LoginThrottleSettings();
        settings.freePerUser = 3;
        settings.freePerAddress = 100;
        settings.backoff = 60;
        settings.backoffMax = 900;
        settings.forgetHours = 24;
        LoginThrottle throttle = new LoginThrottle();
        throttle.jdbc = new Jdbc(dataSource);
        throttle.settings = settings;
        throttle.clock = clock;
        ConsoleIdentityStore store = new ConsoleIdentityStore();
        store.jdbc = new Jdbc(dataSource);
        store.passwords = passwords;
        store.throttle = throttle;
        return store;
    }

    private static Passwords passwords(int concurrency, int waitSeconds, JdkPbkdf2 hash) {
        Passwords p = new Passwords();
        p.hash = hash;
        p.concurrency = concurrency;
        p.waitSeconds = waitSeconds;
        p.init();
        return p;
    }

    private static String user(Passwords passwords, String password) {
        String name = "u-" + UUID.randomUUID().toString().substring(0, 8);
        new Jdbc(dataSource).update("insert into app_user (id, username, password_hash, role) values (?, ?, ?, 'viewer')",
                UUID.randomUUID(), name, passwords.hash(password.toCharArray()));
        return name;
    }

    @Test
    void failuresOnOneInstanceBlockSignInOnTheOther() {
        Clock clock = Clock.fixed(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS), ZoneOffset.UTC);
        Passwords passwords = passwords(2, 5, new JdkPbkdf2());
        ConsoleIdentityStore a = instance(clock, passwords);
        ConsoleIdentityStore b = instance(clock, passwords);
        String name = user(passwords, "right-password-1");
        assertThat(b.check(name, "right-password-1".toCharArray(), "10.1.0.1").role()).isEqualTo("viewer");
        for (int i = 0; i < 4; i++) {
            assertThat(a.check(name, ("wrong-" + i).toCharArray(), "10.1.0." + (10 + i)).role()).isNull();
        }
        assertThat(b.throttle.blocked(name, "10.1.0.99")).as("seen by the other instance").isEqualTo(Duration.ofSeconds(60));
        assertThat(b.check(name, "right-password-1".toCharArray(), "10.1.0.99").role())
                .as("the right password on the other instance, during the back-off").isNull();
    }

    @Test
    void anUnknownUserNameCostsOneHashCheckLikeAKnownOne() {
        Passwords passwords = passwords(2, 5, new JdkPbkdf2());
        ConsoleIdentityStore store = instance(Clock.systemUTC(), passwords);
        String name = user(passwords, "right-password-2");
        passwords.verifyNobody("warm-up".toCharArray());

        long before = passwords.computed();
        assertThat(store.check(name, "wrong-password".toCharArray(), "10.2.0.1").role()).isNull();
        long known = passwords.computed() - before;

        before = passwords.computed();
        assertThat(store.check("nobody-" + UUID.randomUUID(), "wrong-password".toCharArray(), "10.2.0.2").role()).isNull();
        long unknown = passwords.computed() - before;

        assertThat(known).isEqualTo(1);
        assertThat(unknown).as("hash checks for an unknown user name").isEqualTo(known);
    }

    @Test
    void hashingBeyondTheBoundWaitsThenIsRefusedBusy() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        JdkPbkdf2 slow = new JdkPbkdf2() {
            @Override
            public boolean verify(char[] password, String stored) {
                inside.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.verify(password, stored);
            }
        };
        Passwords passwords = passwords(1, 1, slow);
        String stored = passwords.hash("some-password-3".toCharArray());
        CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(
                () -> passwords.verify("some-password-3".toCharArray(), stored));
        assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> passwords.verify("other".toCharArray(), stored))
                .as("a second check while the only slot is taken").isInstanceOf(PasswordProblem.class)
                .satisfies(e -> {
                    assertThat(((PasswordProblem) e).status()).isEqualTo(503);
                    assertThat(((PasswordProblem) e).code()).isEqualTo("BUSY");
                });
        release.countDown();
        assertThat(first.get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(passwords.verify("some-password-3".toCharArray(), stored)).as("the slot is free again").isTrue();
    }
}
