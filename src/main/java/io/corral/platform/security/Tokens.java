package io.corral.platform.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Bearer secrets: 256 random bits with a readable prefix. Only their SHA-256 is stored;
 * a fast hash suffices because the secrets are random, not chosen by people.
 */
public final class Tokens {
    public static final String API_PREFIX = "cpt_";
    public static final String AGENT_PREFIX = "cag_";
    /** The helper token of one guest (VM), good for its heartbeat only. */
    public static final String VM_PREFIX = "cvm_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Tokens() {
    }

    public static String newSecret(String prefix) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String hash(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
