package io.corral.auth;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The vault's keys by version, parsed from {@code CORRAL_VAULT_KEYS} ({@code version:base64key,…},
 * 32-byte keys) and {@code CORRAL_VAULT_ACTIVE_KEY}. Messages about bad input name the entry's
 * position and version, never any part of a key: they end up in deployment logs.
 */
public final class VaultKeys {
    static final int KEY_BYTES = 32;
    private static final int MAX_VERSION = 1_000_000;
    private static final VaultKeys NONE = new VaultKeys(Map.of(), 0);

    private final Map<Integer, SecretKey> keys;
    private final int active;

    private VaultKeys(Map<Integer, SecretKey> keys, int active) {
        this.keys = Collections.unmodifiableMap(keys);
        this.active = active;
    }

    /** No keys: the vault refuses to store or reveal. */
    public static VaultKeys none() {
        return NONE;
    }

    /**
     * Parses the configuration; both blank means no keys.
     *
     * @throws IllegalArgumentException naming what is wrong (never key material)
     */
    public static VaultKeys parse(String keysText, String activeText) {
        boolean noKeys = keysText == null || keysText.isBlank();
        boolean noActive = activeText == null || activeText.isBlank();
        if (noKeys && noActive) {
            return NONE;
        }
        if (noKeys) {
            throw new IllegalArgumentException("CORRAL_VAULT_ACTIVE_KEY is set but CORRAL_VAULT_KEYS is empty");
        }
        Map<Integer, SecretKey> keys = new TreeMap<>();
        String[] entries = keysText.split(",", -1);
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].strip();
            String where = "CORRAL_VAULT_KEYS entry " + (i + 1);
            int colon = entry.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException(where + " is not of the form version:base64key");
            }
            int version = version(entry.substring(0, colon).strip(), where + ": the version");
            if (keys.containsKey(version)) {
                throw new IllegalArgumentException(where + ": version " + version + " is given twice");
            }
            keys.put(version, key(entry.substring(colon + 1).strip(), where + " (version " + version + ")"));
        }
        if (noActive) {
            throw new IllegalArgumentException("CORRAL_VAULT_ACTIVE_KEY is required when CORRAL_VAULT_KEYS is set");
        }
        int active = version(activeText.strip(), "CORRAL_VAULT_ACTIVE_KEY");
        if (!keys.containsKey(active)) {
            throw new IllegalArgumentException("CORRAL_VAULT_ACTIVE_KEY is " + active
                    + " but CORRAL_VAULT_KEYS has no key of that version (it has " + keys.keySet() + ")");
        }
        return new VaultKeys(keys, active);
    }

    private static int version(String text, String what) {
        if (!text.matches("[0-9]{1,7}")) {
            throw new IllegalArgumentException(what + " must be a whole number from 1 to " + MAX_VERSION);
        }
        int v = Integer.parseInt(text);
        if (v < 1 || v > MAX_VERSION) {
            throw new IllegalArgumentException(what + " must be a whole number from 1 to " + MAX_VERSION);
        }
        return v;
    }

    private static SecretKey key(String text, String where) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            // The decoder's message quotes the offending character: not repeated here.
            throw new IllegalArgumentException(where + ": the key is not valid base64");
        }
        if (bytes.length != KEY_BYTES) {
            throw new IllegalArgumentException(where + ": the key must be " + KEY_BYTES + " bytes (AES-256), not "
                    + bytes.length);
        }
        return new SecretKeySpec(bytes, "AES");
    }

    public boolean configured() {
        return !keys.isEmpty();
    }

    /** The version CORRAL_VAULT_ACTIVE_KEY names; 0 when no keys are configured. */
    public int active() {
        return active;
    }

    public boolean has(int version) {
        return keys.containsKey(version);
    }

    public SortedSet<Integer> versions() {
        return new TreeSet<>(keys.keySet());
    }

    Optional<SecretKey> key(int version) {
        return Optional.ofNullable(keys.get(version));
    }

    /** Versions only: a key set must never print its keys. */
    @Override
    public String toString() {
        return "VaultKeys" + keys.keySet() + " active " + active;
    }
}
