package io.corral.auth;

import io.corral.platform.error.ApiException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The checks made before the vault touches the database (the stores are absent here, so reaching them fails). */
class CredentialServiceTest {
    private static final JsonObject CREDENTIALS = Json.createObjectBuilder().add("token", "sk-secret-1").build();

    @Test
    void withoutKeysStoringAndRotatingAre503AndNoKeyIsInvented() {
        CredentialService vault = service(null, null);
        VaultRotationService rotation = new VaultRotationService();
        rotation.settings = vault.settings;

        assertProblem(() -> vault.store("claude", null, CREDENTIALS, "admin"), 503, "VAULT_NOT_CONFIGURED", "");
        assertProblem(() -> rotation.rotate(1, "admin"), 503, "VAULT_NOT_CONFIGURED", "");
        assertThat(vault.settings.keys().configured()).isFalse();
    }

    @Test
    void badInputIsRefusedNamingTheFieldBeforeAnythingIsEncrypted() {
        CredentialService vault = service("1:" + CredentialCipherTest.randomKey(), "1");
        JsonObject large = Json.createObjectBuilder().add("token", "x".repeat(CredentialService.MAX_PLAINTEXT_BYTES)).build();

        assertProblem(() -> vault.store(null, null, CREDENTIALS, "admin"), 400, "VALIDATION_FAILED", "provider: ");
        assertProblem(() -> vault.store("bad provider", null, CREDENTIALS, "admin"), 400, "VALIDATION_FAILED", "provider: ");
        assertProblem(() -> vault.store("claude", null, null, "admin"), 400, "VALIDATION_FAILED", "credentials: ");
        assertProblem(() -> vault.store("claude", null, JsonObject.EMPTY_JSON_OBJECT, "admin"), 400, "VALIDATION_FAILED",
                "credentials: ");
        assertProblem(() -> vault.store("claude", null, large, "admin"), 400, "VALIDATION_FAILED", "credentials: ");
        assertProblem(() -> vault.store("claude", null, " ", null, CREDENTIALS, "admin"), 400, "VALIDATION_FAILED",
                "label: ");
    }

    @Test
    void rotationNeedsAConfiguredTargetVersion() {
        VaultRotationService rotation = new VaultRotationService();
        rotation.settings = service("1:" + CredentialCipherTest.randomKey() + ",2:" + CredentialCipherTest.randomKey(),
                "1").settings;

        assertProblem(() -> rotation.rotate(null, "admin"), 400, "VALIDATION_FAILED", "toVersion: is required");
        assertProblem(() -> rotation.rotate(3, "admin"), 400, "VALIDATION_FAILED",
                "toVersion: key version 3 is not configured in CORRAL_VAULT_KEYS (configured: [1, 2])");
    }

    private static CredentialService service(String keys, String active) {
        VaultSettings settings = new VaultSettings();
        settings.keysText = Optional.ofNullable(keys);
        settings.activeText = Optional.ofNullable(active);
        settings.rotationChunkRows = 200;
        CredentialService vault = new CredentialService();
        vault.settings = settings;
        return vault;
    }

    private static void assertProblem(Runnable call, int status, String code, String messageStart) {
        assertThatThrownBy(call::run).isInstanceOf(ApiException.class)
                .satisfies(e -> {
                    ApiException api = (ApiException) e;
                    assertThat(api.status()).isEqualTo(status);
                    assertThat(api.code()).isEqualTo(code);
                    assertThat(api.getMessage()).startsWith(messageStart).doesNotContain("sk-secret-1");
                });
    }
}
