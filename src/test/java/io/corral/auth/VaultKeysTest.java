package io.corral.auth;

import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VaultKeysTest {
    private static final String K1 = CredentialCipherTest.randomKey();
    private static final String K2 = CredentialCipherTest.randomKey();

    @Test
    void parsesVersionsAndTheActiveOne() {
        VaultKeys keys = VaultKeys.parse(" 1:" + K1 + " , 7:" + K2 + " ", " 7 ");

        assertThat(keys.configured()).isTrue();
        assertThat(keys.versions()).containsExactly(1, 7);
        assertThat(keys.active()).isEqualTo(7);
        assertThat(keys.has(1)).isTrue();
        assertThat(keys.has(2)).isFalse();
        assertThat(keys.toString()).doesNotContain(K1, K2);
    }

    @Test
    void nothingConfiguredIsNoKeysNotAnError() {
        assertThat(VaultKeys.parse(null, null).configured()).isFalse();
        assertThat(VaultKeys.parse("  ", "").configured()).isFalse();
        assertThat(VaultKeys.none().versions()).isEmpty();
    }

    @Test
    void badConfigurationIsRefusedWithoutQuotingKeyMaterial() {
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        String notBase64 = K1.substring(0, 20) + "!!" + K1.substring(22);
        String keyWithoutVersion = K1;

        refused("1:" + notBase64, "1", "entry 1 (version 1): the key is not valid base64", notBase64);
        refused("1:" + K1 + ",2:" + shortKey, "1", "entry 2 (version 2): the key must be 32 bytes (AES-256), not 16",
                shortKey);
        refused(keyWithoutVersion, "1", "entry 1 is not of the form version:base64key", K1);
        refused("1:" + K1 + ",x" + K2.substring(0, 4) + ":" + K2, "1", "entry 2: the version must be a whole number",
                K2.substring(0, 4));
        refused("1:" + K1 + ",1:" + K2, "1", "version 1 is given twice", K1);
        refused("1:" + K1, "2", "CORRAL_VAULT_ACTIVE_KEY is 2 but CORRAL_VAULT_KEYS has no key of that version", K1);
        refused("1:" + K1, null, "CORRAL_VAULT_ACTIVE_KEY is required", K1);
        refused("1:" + K1, K1, "CORRAL_VAULT_ACTIVE_KEY must be a whole number", K1);
        refused(null, "1", "CORRAL_VAULT_KEYS is empty", "");
        refused("0:" + K1, "0", "must be a whole number from 1", K1);
        refused("1:" + K1 + ",", "1", "entry 2 is not of the form version:base64key", K1);
    }

    private static void refused(String keys, String active, String message, String secret) {
        assertThatThrownBy(() -> VaultKeys.parse(keys, active))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message)
                .satisfies(e -> {
                    if (!secret.isEmpty()) {
                        assertThat(e.getMessage()).doesNotContain(secret);
                    }
                    assertThat(e.getCause()).isNull();
                });
    }
}
