package io.corral.platform.security;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TokensTest {

    @Test
    void secretsCarryTheirPrefixAndAreUnique() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String s = Tokens.newSecret(Tokens.AGENT_PREFIX);
            assertThat(s).startsWith("cag_").hasSize(4 + 43);
            assertThat(seen.add(s)).isTrue();
        }
    }

    @Test
    void hashIsSha256HexAndNeverTheSecret() {
        String secret = Tokens.newSecret(Tokens.API_PREFIX);
        assertThat(Tokens.hash(secret)).hasSize(64).matches("[0-9a-f]+").isNotEqualTo(secret)
                .isEqualTo(Tokens.hash(secret));
        assertThat(Tokens.hash("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void rolesIncludeTheOnesBelow() {
        assertThat(Role.ADMIN.includes(Role.VIEWER)).isTrue();
        assertThat(Role.OPERATOR.includes(Role.OPERATOR)).isTrue();
        assertThat(Role.VIEWER.includes(Role.OPERATOR)).isFalse();
        assertThat(Role.parse("operator")).isEqualTo(Role.OPERATOR);
        assertThat(Role.parse("root")).isNull();
    }
}
