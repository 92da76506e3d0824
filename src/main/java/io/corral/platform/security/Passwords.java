package io.corral.platform.security;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;

import java.util.Map;

/**
 * Hashes passwords for {@code app_user}. The stored form carries algorithm, iterations and
 * salt, so the identity store verifies hashes made with older parameters too.
 */
@ApplicationScoped
public class Passwords {
    static final Map<String, String> PARAMETERS = Map.of(
            "Pbkdf2PasswordHash.Algorithm", "PBKDF2WithHmacSHA512",
            "Pbkdf2PasswordHash.Iterations", "210000",
            "Pbkdf2PasswordHash.SaltSizeBytes", "32");

    @Inject
    Pbkdf2PasswordHash hash;

    @PostConstruct
    void init() {
        hash.initialize(PARAMETERS);
    }

    private String dummy;

    public String hash(char[] password) {
        return hash.generate(password);
    }

    /** Whether the password matches the stored hash (any parameters the hash names). */
    public boolean verify(char[] password, String stored) {
        try {
            return stored != null && hash.verify(password, stored);
        } catch (RuntimeException malformed) {
            return false;
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
        hash.verify(password, dummy);
        return false;
    }
}
