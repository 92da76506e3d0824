package io.corral.auth;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static io.corral.auth.AuthSessionState.AUTHENTICATING;
import static io.corral.auth.AuthSessionState.COMPLETED;
import static io.corral.auth.AuthSessionState.FAILED;
import static io.corral.auth.AuthSessionState.READY;
import static io.corral.auth.AuthSessionState.STARTED;
import static io.corral.auth.AuthSessionState.TIMEOUT;
import static io.corral.auth.AuthSessionState.VM_CREATED;
import static io.corral.auth.AuthSessionState.VM_CREATING;
import static org.assertj.core.api.Assertions.assertThat;

/** The states as seed 002 lists them, and which state may follow which. */
class AuthSessionStateTest {

    @Test
    void theHappyPathIsOneStepAtATime() {
        assertThat(VM_CREATING.from()).containsExactly(STARTED);
        assertThat(VM_CREATED.from()).containsExactly(VM_CREATING);
        assertThat(READY.from()).containsExactly(VM_CREATED);
        assertThat(AUTHENTICATING.from()).containsExactly(READY);
        assertThat(COMPLETED.from()).containsExactlyInAnyOrder(READY, AUTHENTICATING);
        assertThat(STARTED.from()).isEmpty();
    }

    @Test
    void timeoutAndFailedComeFromEveryLiveStateAndNothingLeavesAFinalOne() {
        assertThat(TIMEOUT.from()).containsExactlyInAnyOrder(STARTED, VM_CREATING, VM_CREATED, READY, AUTHENTICATING);
        assertThat(FAILED.from()).isEqualTo(TIMEOUT.from());
        for (AuthSessionState to : AuthSessionState.values()) {
            assertThat(to.from()).doesNotContain(COMPLETED, TIMEOUT, FAILED);
        }
        assertThat(Arrays.stream(AuthSessionState.values()).filter(AuthSessionState::isFinal))
                .containsExactlyInAnyOrder(COMPLETED, TIMEOUT, FAILED);
        assertThat(AuthSessionState.LIVE).noneMatch(AuthSessionState::isFinal);
    }

    @Test
    void valuesAreTheSeedsWords() {
        assertThat(Arrays.stream(AuthSessionState.values()).map(AuthSessionState::value)).containsExactly("started",
                "vm_creating", "vm_created", "ready", "authenticating", "completed", "timeout", "failed");
        assertThat(AuthSessionState.parse("vm_created")).isEqualTo(VM_CREATED);
        assertThat(AuthSessionState.parse("VM_CREATED")).isNull();
        assertThat(AuthSessionState.parse(null)).isNull();
    }
}
