package io.corral.agent.proxy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The proxy credential of {@code agent} auth mode ({@code CORRAL_AGENT_PROXY_CREDENTIAL}): a secret
 * clients send the way they send any Proxmox API token, so that unchanged clients can use it:
 * {@code Authorization: PVEAPIToken=corral-proxy@pve!client=<secret>}. Compared in constant time
 * (both sides hashed first, so neither content nor length leaks through timing).
 */
final class ProxyCredential {

    /** The token ID clients name; Proxmox itself never sees it. */
    static final String TOKEN_ID = "corral-proxy@pve!client";
    /** 32 random bytes in base64 are 43 characters; in hex 64. */
    static final int MIN_LENGTH = 43;

    private final byte[] digest;

    private ProxyCredential(String secret) {
        this.digest = sha256(secret);
    }

    /**
     * @throws IllegalArgumentException when the secret is too short or holds characters a header
     *                                  cannot carry
     */
    static ProxyCredential of(String secret) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("CORRAL_AGENT_PROXY_AUTH=agent needs CORRAL_AGENT_PROXY_CREDENTIAL "
                    + "(a secret of at least 32 random bytes, e.g. openssl rand -hex 32)");
        }
        String trimmed = secret.trim();
        if (trimmed.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("CORRAL_AGENT_PROXY_CREDENTIAL must have at least " + MIN_LENGTH
                    + " characters (32 random bytes: openssl rand -hex 32)");
        }
        if (!trimmed.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("CORRAL_AGENT_PROXY_CREDENTIAL must be printable ASCII without spaces");
        }
        return new ProxyCredential(trimmed);
    }

    /** True when the token ID of an {@code Authorization} value is the proxy credential's. */
    static boolean names(String authorization) {
        return authorization != null && authorization.startsWith("PVEAPIToken=" + TOKEN_ID + "=");
    }

    /** True when {@code authorization} is {@code PVEAPIToken=corral-proxy@pve!client=<this secret>}. */
    boolean matches(String authorization) {
        if (!names(authorization)) {
            return false;
        }
        String presented = authorization.substring(("PVEAPIToken=" + TOKEN_ID + "=").length()).trim();
        return MessageDigest.isEqual(digest, sha256(presented));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
