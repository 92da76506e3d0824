package io.corral.platform.security;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PasswordPolicyTest {

    private static void refused(String user, String password, String code) {
        assertThatThrownBy(() -> PasswordPolicy.check(user, password)).as(password)
                .isInstanceOf(PasswordProblem.class)
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(((PasswordProblem) e).code()).isEqualTo(code))
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(((PasswordProblem) e).status()).isEqualTo(400))
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(e.getMessage())
                        .doesNotContain(password == null ? "\u0000" : password));
    }

    @Test
    void tooShortOrTooLong() {
        refused("alice", null, "PASSWORD_TOO_SHORT");
        refused("alice", "elevenchars", "PASSWORD_TOO_SHORT");
        refused("alice", "x".repeat(150) + "y".repeat(51), "PASSWORD_TOO_LONG");
    }

    @Test
    void theUserNameOrMostlyTheUserName() {
        refused("alice.operator", "Alice.Operator", "PASSWORD_IS_USER_NAME");
        refused("alice", "alicealice12", "PASSWORD_IS_USER_NAME");
        refused("operator-bob", "operator-bob!", "PASSWORD_IS_USER_NAME");
    }

    @Test
    void wellKnownOrRepeated() {
        refused("alice", "Password1234", "PASSWORD_TOO_COMMON");
        refused("alice", "QWERTY123456", "PASSWORD_TOO_COMMON");
        refused("alice", "aaaaaaaaaaaaaaaa", "PASSWORD_TOO_COMMON");
        refused("alice", "abababababababab", "PASSWORD_TOO_COMMON");
    }

    @Test
    void aGoodPasswordPasses() {
        assertThatCode(() -> PasswordPolicy.check("alice", "violet-harbour-73")).doesNotThrowAnyException();
        assertThatCode(() -> PasswordPolicy.check("alice", "alice likes violet harbours")).doesNotThrowAnyException();
        assertThatCode(() -> PasswordPolicy.check("al", "al-violet-harbour")).doesNotThrowAnyException();
    }
}
