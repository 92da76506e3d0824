package io.corral.auth;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;

import java.util.Map;
import java.util.TreeSet;
import java.util.logging.Logger;

/**
 * At deployment: malformed vault keys (bad base64, not 32 bytes, an active version without a key)
 * or a write key that the latest rotation chose but that is no longer configured refuse the
 * deployment, with a message that names versions and positions, never key material. No keys at
 * all is allowed: the vault then answers 503 {@code VAULT_NOT_CONFIGURED} rather than invent one.
 */
@Singleton
@Startup
@DependsOn("MigrationRunner")
@TransactionManagement(TransactionManagementType.BEAN)
public class VaultConfigCheck {
    private static final Logger LOG = Logger.getLogger(VaultConfigCheck.class.getName());

    @Inject
    VaultSettings settings;

    @Inject
    VaultRotationStore rotations;

    @Inject
    CredentialStore credentials;

    @PostConstruct
    void check() {
        VaultKeys keys;
        try {
            keys = settings.keys();
            settings.rotationChunkRows();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IllegalStateException("Credential vault configuration refused: " + e.getMessage());
        }
        Map<Integer, Long> counts = credentials.countByVersion();
        if (!keys.configured()) {
            LOG.warning("Credential vault: no key configured (CORRAL_VAULT_KEYS, CORRAL_VAULT_ACTIVE_KEY); storing "
                    + "and revealing credentials answer 503 VAULT_NOT_CONFIGURED; credentials stored: "
                    + counts.values().stream().mapToLong(Long::longValue).sum());
            return;
        }
        int write = rotations.writeVersion().orElse(keys.active());
        if (!keys.has(write)) {
            throw new IllegalStateException("Credential vault configuration refused: the latest key rotation made "
                    + "version " + write + " the write key, but CORRAL_VAULT_KEYS has no key of that version (it has "
                    + keys.versions() + ")");
        }
        if (write != keys.active()) {
            LOG.warning("Credential vault: CORRAL_VAULT_ACTIVE_KEY is " + keys.active() + " but the latest key "
                    + "rotation made version " + write + " the write key, which stays in use; rotate to change it");
        }
        TreeSet<Integer> missing = new TreeSet<>(counts.keySet());
        missing.removeAll(keys.versions());
        if (!missing.isEmpty()) {
            LOG.severe("Credential vault: credentials are stored under key version(s) " + missing
                    + " that CORRAL_VAULT_KEYS lacks; revealing them answers 503 VAULT_KEY_MISSING until the key "
                    + "is configured again");
        }
        LOG.info("Credential vault: key versions " + keys.versions() + ", write key version " + write
                + ", credentials per key version " + counts);
    }
}
