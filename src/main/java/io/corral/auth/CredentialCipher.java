package io.corral.auth;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * AES-256-GCM from the JDK: a fresh random 96-bit nonce per encryption, a 128-bit tag, and
 * associated data that binds a ciphertext to its row (credential id, provider, key version), so a
 * ciphertext copied onto another row, or a row whose key version was edited, fails to open.
 * Nothing here logs, and no message carries plaintext or key material.
 */
public final class CredentialCipher {
    static final String TRANSFORMATION = "AES/GCM/NoPadding";
    static final int NONCE_BYTES = 12;
    static final int TAG_BITS = 128;
    private static final byte[] AAD_LABEL = "corral-vault-credential-v1".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final VaultKeys keys;

    public CredentialCipher(VaultKeys keys) {
        this.keys = keys;
    }

    /** What is stored for one credential. */
    public record Sealed(int keyVersion, byte[] nonce, byte[] ciphertext) {
    }

    /** Encrypts under key {@code version}; the caller passes {@link #associatedData} of the row. */
    public Sealed seal(int version, byte[] plaintext, byte[] associatedData) {
        SecretKey key = keys.key(version).orElseThrow(() -> new KeyMissing(version));
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData);
            return new Sealed(version, nonce, cipher.doFinal(plaintext));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption is not available: " + e.getClass().getName());
        }
    }

    /**
     * Decrypts and authenticates.
     *
     * @throws KeyMissing  key {@code sealed.keyVersion()} is not configured
     * @throws Unreadable  ciphertext, nonce or associated data altered, or another key under that version
     */
    public byte[] open(Sealed sealed, byte[] associatedData) {
        SecretKey key = keys.key(sealed.keyVersion()).orElseThrow(() -> new KeyMissing(sealed.keyVersion()));
        if (sealed.nonce() == null || sealed.nonce().length != NONCE_BYTES || sealed.ciphertext() == null
                || sealed.ciphertext().length < TAG_BITS / 8) {
            throw new Unreadable("the stored nonce or ciphertext has the wrong length");
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed.nonce()));
            cipher.updateAAD(associatedData);
            return cipher.doFinal(sealed.ciphertext());
        } catch (AEADBadTagException e) {
            throw new Unreadable("authentication failed: the ciphertext, its nonce or its row was altered, "
                    + "or key version " + sealed.keyVersion() + " is not the key it was written with");
        } catch (GeneralSecurityException e) {
            throw new Unreadable("decryption failed (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** The bytes a credential's ciphertext is bound to: a label, then id, provider and key version, length-prefixed. */
    public static byte[] associatedData(UUID id, String provider, int keyVersion) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(96);
        field(out, AAD_LABEL);
        field(out, id.toString().getBytes(StandardCharsets.US_ASCII));
        field(out, provider.getBytes(StandardCharsets.UTF_8));
        field(out, ByteBuffer.allocate(4).putInt(keyVersion).array());
        return out.toByteArray();
    }

    private static void field(ByteArrayOutputStream out, byte[] bytes) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
        out.writeBytes(bytes);
    }

    /** The key of a version that rows or requests name is not configured. */
    public static final class KeyMissing extends RuntimeException {
        private final int version;

        KeyMissing(int version) {
            super("vault key version " + version + " is not configured", null, false, false);
            this.version = version;
        }

        public int version() {
            return version;
        }
    }

    /** A stored credential that does not decrypt; the message says why without any secret. */
    public static final class Unreadable extends RuntimeException {
        Unreadable(String message) {
            super(message, null, false, false);
        }
    }
}
