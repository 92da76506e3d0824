package io.corral.auth;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CredentialCipherTest {
    private static final String K1 = randomKey();
    private static final String K2 = randomKey();
    private static final byte[] SECRET = "{\"access_token\":\"sk-live-top-secret\"}".getBytes(StandardCharsets.UTF_8);
    private static final UUID ID = UUID.randomUUID();

    private final CredentialCipher cipher = new CredentialCipher(VaultKeys.parse("1:" + K1 + ", 2:" + K2, "1"));

    @Test
    void roundTripWithAFreshNonceEachTime() {
        CredentialCipher.Sealed a = cipher.seal(1, SECRET, aad(ID, "claude", 1));
        CredentialCipher.Sealed b = cipher.seal(1, SECRET, aad(ID, "claude", 1));

        assertThat(a.keyVersion()).isEqualTo(1);
        assertThat(a.nonce()).hasSize(12).isNotEqualTo(b.nonce());
        assertThat(a.ciphertext()).hasSize(SECRET.length + 16).isNotEqualTo(b.ciphertext());
        assertThat(new String(a.ciphertext(), StandardCharsets.ISO_8859_1)).doesNotContain("top-secret");
        assertThat(cipher.open(a, aad(ID, "claude", 1))).isEqualTo(SECRET);
        assertThat(cipher.open(b, aad(ID, "claude", 1))).isEqualTo(SECRET);
        CredentialCipher.Sealed v2 = cipher.seal(2, SECRET, aad(ID, "claude", 2));
        assertThat(cipher.open(v2, aad(ID, "claude", 2))).isEqualTo(SECRET);
    }

    @Test
    void alteredCiphertextNonceOrTagIsDetected() {
        CredentialCipher.Sealed s = cipher.seal(1, SECRET, aad(ID, "claude", 1));
        byte[] ct = s.ciphertext().clone();
        ct[3] ^= 1;
        byte[] tag = s.ciphertext().clone();
        tag[tag.length - 1] ^= (byte) 0x80;
        byte[] nonce = s.nonce().clone();
        nonce[0] ^= 1;

        assertUnreadable(new CredentialCipher.Sealed(1, s.nonce(), ct), aad(ID, "claude", 1));
        assertUnreadable(new CredentialCipher.Sealed(1, s.nonce(), tag), aad(ID, "claude", 1));
        assertUnreadable(new CredentialCipher.Sealed(1, nonce, s.ciphertext()), aad(ID, "claude", 1));
        assertUnreadable(new CredentialCipher.Sealed(1, new byte[5], s.ciphertext()), aad(ID, "claude", 1));
        assertUnreadable(new CredentialCipher.Sealed(1, s.nonce(), new byte[3]), aad(ID, "claude", 1));
    }

    @Test
    void aCiphertextIsBoundToItsRowIdProviderAndKeyVersion() {
        CredentialCipher.Sealed s = cipher.seal(1, SECRET, aad(ID, "claude", 1));

        assertUnreadable(s, aad(UUID.randomUUID(), "claude", 1)); // copied onto another row
        assertUnreadable(s, aad(ID, "openai", 1));                // provider edited
        assertUnreadable(s, aad(ID, "claude", 2));                // key version edited in the row
    }

    @Test
    void theWrongKeyUnderAVersionOrAMissingVersionFails() {
        CredentialCipher.Sealed s = cipher.seal(1, SECRET, aad(ID, "claude", 1));
        CredentialCipher otherKeyAsV1 = new CredentialCipher(VaultKeys.parse("1:" + K2, "1"));

        assertThatThrownBy(() -> otherKeyAsV1.open(s, aad(ID, "claude", 1)))
                .isInstanceOf(CredentialCipher.Unreadable.class).hasMessageContaining("key version 1");
        assertThatThrownBy(() -> cipher.open(new CredentialCipher.Sealed(3, s.nonce(), s.ciphertext()), aad(ID, "claude", 3)))
                .isInstanceOf(CredentialCipher.KeyMissing.class).hasMessage("vault key version 3 is not configured");
        assertThatThrownBy(() -> cipher.seal(3, SECRET, aad(ID, "claude", 3)))
                .isInstanceOf(CredentialCipher.KeyMissing.class);
        assertThatThrownBy(() -> new CredentialCipher(VaultKeys.none()).seal(1, SECRET, aad(ID, "claude", 1)))
                .isInstanceOf(CredentialCipher.KeyMissing.class);
    }

    @Test
    void associatedDataCannotBeConfusedByShiftingBytesBetweenFields() {
        assertThat(aad(ID, "ab", 1)).isNotEqualTo(aad(ID, "a", 1));
        assertThat(aad(ID, "claude", 1)).isNotEqualTo(aad(ID, "claude", 256));
    }

    private void assertUnreadable(CredentialCipher.Sealed sealed, byte[] aad) {
        assertThatThrownBy(() -> cipher.open(sealed, aad)).isInstanceOf(CredentialCipher.Unreadable.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("top-secret", K1, K2));
    }

    private static byte[] aad(UUID id, String provider, int version) {
        return CredentialCipher.associatedData(id, provider, version);
    }

    static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
