package io.corral.platform.security;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

class BootstrapTokenCheckTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    @Test
    void generatedTokensOf32BytesPass() {
        for (int i = 0; i < 200; i++) {
            assertThat(BootstrapTokenCheck.problem(HexFormat.of().formatHex(bytes(32)))).as("openssl rand -hex 32").isNull();
            assertThat(BootstrapTokenCheck.problem(Base64.getEncoder().encodeToString(bytes(32))))
                    .as("openssl rand -base64 32").isNull();
            assertThat(BootstrapTokenCheck.problem("corral_" + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(bytes(32)))).as("the launcher's").isNull();
            assertThat(BootstrapTokenCheck.problem(Tokens.newSecret(Tokens.API_PREFIX))).as("an API token's form").isNull();
        }
    }

    @Test
    void shortOrHandMadeTokensAreRefused() {
        assertThat(BootstrapTokenCheck.problem("secret")).contains("32 random bytes");
        assertThat(BootstrapTokenCheck.problem("bootstrap-" + java.util.UUID.randomUUID())).isNotNull();
        assertThat(BootstrapTokenCheck.problem(HexFormat.of().formatHex(bytes(16)))).as("16 bytes of hex")
                .contains("32 random bytes");
        assertThat(BootstrapTokenCheck.problem(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(24))))
                .as("24 bytes").contains("32 random bytes");
        assertThat(BootstrapTokenCheck.problem("a".repeat(64))).contains("does not look random");
        assertThat(BootstrapTokenCheck.problem("0123456789".repeat(7))).as("a typed pattern").contains("does not look random");
        assertThat(BootstrapTokenCheck.problem("my admin token is very long and secret, really!"))
                .contains("hex or base64");
    }
}
