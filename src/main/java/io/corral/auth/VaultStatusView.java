package io.corral.auth;

import java.util.List;

/**
 * The vault's state: key versions configured (numbers only), the version CORRAL_VAULT_ACTIVE_KEY
 * names, the version new credentials are written under (the latest rotation's, else the active
 * one), and live credentials per key version (with whether that key is configured here).
 */
public record VaultStatusView(boolean configured, List<Integer> keyVersions, Integer configuredActiveVersion,
                              Integer writeVersion, List<VersionCount> credentials, VaultRotationView lastRotation) {

    public record VersionCount(int keyVersion, long count, boolean keyConfigured) {
    }
}
