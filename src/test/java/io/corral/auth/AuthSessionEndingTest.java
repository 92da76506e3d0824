package io.corral.auth;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The cleanup's 2 h rule with fixed clocks, and what happens to the VM of a session that ends. */
class AuthSessionEndingTest {
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private static final Duration TWO_HOURS = Duration.ofMinutes(120);

    private final MemorySessionStore store = new MemorySessionStore();
    private final List<String> destroyed = new ArrayList<>();
    private AuthSessionEnding ending;

    @BeforeEach
    void wire() {
        ending = new AuthSessionEnding();
        ending.store = store;
        ending.clock = Clock.fixed(NOW, ZoneOffset.UTC);
        ending.vms = new AuthSessionVms() {
            @Override
            public Ended end(AuthSession s, String preserve, String actor) {
                if (preserve != null) {
                    return super.end(s, preserve, actor); // keeps the VM without touching the bus
                }
                destroyed.add(s.vmName());
                return new Ended(UUID.randomUUID(), "VM destroy queued: proxmox.stop then proxmox.destroy");
            }
        };
    }

    private static OffsetDateTime ago(Duration d) {
        return OffsetDateTime.ofInstant(NOW.minus(d), ZoneOffset.UTC);
    }

    @Test
    void aSessionOneMinuteShortOfTheLimitIsLeftAlone() {
        AuthSession s = store.put(AuthSessionState.READY, ago(Duration.ofMinutes(119)), false, "cas_a");

        assertThat(AuthSessionRules.stale(s, NOW, TWO_HOURS)).isFalse();
        assertThat(ending.timeOut(s.id(), NOW, TWO_HOURS, false, "task:auth-session-cleanup")).isEmpty();
        assertThat(store.rows.get(s.id()).state()).isEqualTo(AuthSessionState.READY);
        assertThat(destroyed).isEmpty();
    }

    @Test
    void everyLiveStateTimesOutAtTheLimitAndItsVmIsDestroyed() {
        for (AuthSessionState state : AuthSessionState.LIVE) {
            AuthSession s = store.put(state, ago(TWO_HOURS), false, "cas_" + state);

            AuthSession ended = ending.timeOut(s.id(), NOW, TWO_HOURS, false, "task:auth-session-cleanup").orElseThrow();

            assertThat(ended.state()).isEqualTo(AuthSessionState.TIMEOUT);
            assertThat(ended.reason()).startsWith("not completed within 120 min (started 2026-11-29T10:00:00Z, was "
                    + state.value() + ")").doesNotContain("kept");
            assertThat(ended.vmNote()).startsWith("VM destroy queued");
            assertThat(ended.destroyCommandId()).isNotNull();
        }
        assertThat(destroyed).hasSize(AuthSessionState.LIVE.size());
        assertThat(store.events).allSatisfy(e -> assertThat(e.to()).isEqualTo("timeout"));
    }

    @Test
    void finishedSessionsAreNeverTimedOut() {
        for (AuthSessionState state : List.of(AuthSessionState.COMPLETED, AuthSessionState.FAILED,
                AuthSessionState.TIMEOUT)) {
            AuthSession s = store.put(state, ago(Duration.ofDays(3)), false, "cas_" + state);
            assertThat(AuthSessionRules.stale(s, NOW, TWO_HOURS)).isFalse();
            assertThat(ending.timeOut(s.id(), NOW, TWO_HOURS, false, "task")).isEmpty();
            assertThat(store.rows.get(s.id()).state()).isEqualTo(state);
        }
        assertThat(destroyed).isEmpty();
    }

    @Test
    void withPreserveVmsTheVmStaysAndTheSessionSaysWhy() {
        AuthSession s = store.put(AuthSessionState.VM_CREATED, ago(Duration.ofHours(3)), false, "cas_p");

        AuthSession ended = ending.timeOut(s.id(), NOW, TWO_HOURS, true, "task:auth-session-cleanup").orElseThrow();

        assertThat(ended.state()).isEqualTo(AuthSessionState.TIMEOUT);
        assertThat(ended.reason()).endsWith("; VM kept: CORRAL_DEBUG_PRESERVE_VMS=true");
        assertThat(ended.vmNote()).isEqualTo("VM kept (CORRAL_DEBUG_PRESERVE_VMS=true)");
        assertThat(ended.destroyCommandId()).isNull();
        assertThat(destroyed).isEmpty();
    }

    @Test
    void aSessionStartedWithPreserveVmKeepsItsVmOnCancel() {
        AuthSession s = store.put(AuthSessionState.AUTHENTICATING, ago(Duration.ofMinutes(5)), true, "cas_k");

        AuthSession ended = ending.end(s, AuthSessionState.FAILED, "cancelled by op", false, "op").orElseThrow();

        assertThat(ended.state()).isEqualTo(AuthSessionState.FAILED);
        assertThat(ended.reason()).isEqualTo("cancelled by op; VM kept: preserveVm was asked at start");
        assertThat(destroyed).isEmpty();
        assertThat(ending.end(ended, AuthSessionState.FAILED, "again", false, "op")).isEmpty();
    }

    @Test
    void aSessionThatMovedMeanwhileIsEndedFromItsNewState() {
        AuthSession seen = store.put(AuthSessionState.VM_CREATED, ago(Duration.ofMinutes(5)), false, "cas_m");
        store.transition(seen.id(), AuthSessionState.VM_CREATED, AuthSessionState.READY, null,
                OffsetDateTime.ofInstant(NOW, ZoneOffset.UTC), "helper");

        AuthSession ended = ending.end(seen, AuthSessionState.FAILED, "cancelled by op", false, "op").orElseThrow();

        assertThat(ended.state()).isEqualTo(AuthSessionState.FAILED);
        assertThat(store.events.get(store.events.size() - 1).from()).isEqualTo("ready");
    }
}
