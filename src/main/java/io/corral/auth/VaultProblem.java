package io.corral.auth;

import io.corral.platform.error.ApiException;
import jakarta.ws.rs.core.Response.Status;

import java.util.UUID;

/** The vault cannot do what was asked: no keys, a missing key version, an unreadable row, a rotation running. */
public class VaultProblem extends ApiException {
    private VaultProblem(Status status, String code, String message) {
        super(status, code, message);
    }

    static VaultProblem notConfigured() {
        return new VaultProblem(Status.SERVICE_UNAVAILABLE, "VAULT_NOT_CONFIGURED",
                "No vault key is configured (CORRAL_VAULT_KEYS, CORRAL_VAULT_ACTIVE_KEY): credentials cannot be "
                        + "stored or revealed");
    }

    static VaultProblem keyMissing(int version) {
        return new VaultProblem(Status.SERVICE_UNAVAILABLE, "VAULT_KEY_MISSING",
                "Vault key version " + version + " is not configured on this instance (CORRAL_VAULT_KEYS)");
    }

    static VaultProblem unreadable(UUID id) {
        return new VaultProblem(Status.INTERNAL_SERVER_ERROR, "CREDENTIAL_UNREADABLE",
                "Credential " + id + " does not decrypt: its stored form was altered or its key version holds "
                        + "another key; the attempt is audited");
    }

    static VaultProblem rotationRunning() {
        return new VaultProblem(Status.CONFLICT, "ROTATION_RUNNING", "A key rotation is already running");
    }
}
