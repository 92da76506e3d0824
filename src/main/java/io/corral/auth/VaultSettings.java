package io.corral.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;

/** The vault's configuration: its keys (parsed once) and how rotation works through the rows. */
@ApplicationScoped
public class VaultSettings {
    @Inject
    @ConfigProperty(name = "CORRAL_VAULT_KEYS")
    Optional<String> keysText;

    @Inject
    @ConfigProperty(name = "CORRAL_VAULT_ACTIVE_KEY")
    Optional<String> activeText;

    @Inject
    @ConfigProperty(name = "CORRAL_VAULT_ROTATION_CHUNK_ROWS", defaultValue = "200")
    int rotationChunkRows;

    private volatile CredentialCipher cipher;
    private volatile VaultKeys keys;

    /**
     * The configured keys; {@link VaultKeys#none()} when none are.
     *
     * @throws IllegalArgumentException when the configuration is malformed (the message holds no key material)
     */
    public VaultKeys keys() {
        VaultKeys k = keys;
        if (k == null) {
            synchronized (this) {
                if (keys == null) {
                    keys = VaultKeys.parse(keysText.orElse(null), activeText.orElse(null));
                }
                k = keys;
            }
        }
        return k;
    }

    public CredentialCipher cipher() {
        CredentialCipher c = cipher;
        if (c == null) {
            c = new CredentialCipher(keys());
            cipher = c;
        }
        return c;
    }

    /** Rows re-encrypted per transaction during a rotation. */
    public int rotationChunkRows() {
        if (rotationChunkRows < 1 || rotationChunkRows > 10_000) {
            throw new IllegalStateException("CORRAL_VAULT_ROTATION_CHUNK_ROWS must be from 1 to 10000, not "
                    + rotationChunkRows);
        }
        return rotationChunkRows;
    }
}
