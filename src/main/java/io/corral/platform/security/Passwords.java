package io.corral.platform.security;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Hashes passwords for {@code app_user}. The stored form carries algorithm, iterations and salt, so the identity
 * store verifies hashes made with older parameters too. Each hash costs a core for a while on purpose, so at most
 * {@code CORRAL_PASSWORD_HASH_CONCURRENCY} run at once (0: one per core); a caller waits up to
 * {@code CORRAL_PASSWORD_HASH_WAIT_SECONDS} for its turn, then gets {@code 503 BUSY} — a burst of sign-ins cannot
 * take every core from the rest of the control plane.
 */
@ApplicationScoped
public class Passwords {
    static final Map<String, String> PARAMETERS = Map.of(
            "Pbkdf2PasswordHash.Algorithm", "PBKDF2WithHmacSHA512",
            "Pbkdf2PasswordHash.Iterations", "210000",
            "Pbkdf2PasswordHash.SaltSizeBytes", "32");

    @Inject
    Pbkdf2PasswordHash hash;

    @Inject
    @ConfigProperty(name = "CORRAL_PASSWORD_HASH_CONCURRENCY", defaultValue = "0")
    int concurrency;

    @Inject
    @ConfigProperty(name = "CORRAL_PASSWORD_HASH_WAIT_SECONDS", defaultValue = "5")
    int waitSeconds;

    private Semaphore turns;
    private final LongAdder computed = new LongAdder();
    private volatile String dummy;

    @PostConstruct
    void init() {
        hash.initialize(PARAMETERS);
        turns = new Semaphore(concurrency > 0 ? concurrency : Runtime.getRuntime().availableProcessors(), true);
    }

    public String hash(char[] password) {
        acquire();
        try {
            computed.increment();
            return hash.generate(password);
        } finally {
            turns.release();
        }
    }

    /** Whether the password matches the stored hash (any parameters the hash names). */
    public boolean verify(char[] password, String stored) {
        acquire();
        try {
            computed.increment();
            return stored != null && hash.verify(password, stored);
        } catch (RuntimeException malformed) {
            return false;
        } finally {
            turns.release();
        }
    }

    /**
     * Checks the password against a hash of a random secret, so a sign-in as a user who does not exist
     * costs as much time as one who does (the answer must not tell them apart). Always false.
     */
    public boolean verifyNobody(char[] password) {
        if (dummy == null) {
            dummy = hash(Tokens.newSecret("").toCharArray());
        }
        verify(password, dummy);
        return false;
    }

    /** How many hashes were computed (made or checked) since start. */
    public long computed() {
        return computed.sum();
    }

    private void acquire() {
        try {
            if (!turns.tryAcquire(Math.max(0, waitSeconds), TimeUnit.SECONDS)) {
                throw PasswordProblem.busy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PasswordProblem.busy();
        }
    }
}
