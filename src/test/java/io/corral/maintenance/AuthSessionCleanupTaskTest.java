package io.corral.maintenance;

import io.corral.auth.AuthSession;
import io.corral.auth.AuthSessionService;
import io.corral.auth.AuthSessionState;
import io.corral.platform.error.ConflictProblem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What the cleanup previews and does, with and without CORRAL_DEBUG_PRESERVE_VMS. */
class AuthSessionCleanupTaskTest {
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

    private final List<AuthSession> stale = new ArrayList<>();
    private final List<String> calls = new ArrayList<>();
    private AuthSessionCleanupTask task;

    @BeforeEach
    void wire() {
        task = new AuthSessionCleanupTask();
        task.settings = new TaskSettings();
        task.sessions = new AuthSessionService() {
            @Override
            public Stale stale(Instant now, int limit) {
                return new Stale(Duration.ofMinutes(120), stale.size(), stale.subList(0, Math.min(limit, stale.size())));
            }

            @Override
            public Optional<AuthSession> timeOut(UUID id, Instant now, boolean preserveVms, String actor) {
                calls.add(id + " preserve=" + preserveVms + " by " + actor);
                AuthSession s = stale.stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
                if (s.vmName().endsWith("offline")) {
                    throw new ConflictProblem("AGENT_OFFLINE", "Agent local has not been seen within its TTL");
                }
                if (s.vmName().endsWith("completed")) {
                    return Optional.empty(); // completed between plan and run
                }
                return Optional.of(s).map(x -> ended(x, preserveVms ? "VM kept (CORRAL_DEBUG_PRESERVE_VMS=true)"
                        : "VM destroy queued: proxmox.destroy"));
            }
        };
    }

    private AuthSession session(String name, AuthSessionState state) {
        OffsetDateTime at = OffsetDateTime.ofInstant(NOW.minus(Duration.ofHours(3)), ZoneOffset.UTC);
        AuthSession s = new AuthSession(UUID.randomUUID(), "github", state, null, UUID.randomUUID(), "pve1", 9000, 200,
                name, null, null, null, null, false, null, "{}", null, "op", at, at);
        stale.add(s);
        return s;
    }

    private static AuthSession ended(AuthSession s, String note) {
        return new AuthSession(s.id(), s.provider(), AuthSessionState.TIMEOUT, "late", s.agentId(), s.node(),
                s.templateVmid(), s.vmid(), s.vmName(), s.vmId(), null, null, null, false, note, "{}", null, "op",
                s.createdAt(), s.createdAt());
    }

    @Test
    void previewListsEachStaleSessionWithItsFigures() {
        AuthSession ready = session("auth-a", AuthSessionState.READY);

        TaskPlan plan = task.plan(NOW);

        assertThat(plan.seen()).isEqualTo(1);
        assertThat(plan.actions()).singleElement().satisfies(a -> {
            assertThat(a.subjectType()).isEqualTo("auth-session");
            assertThat(a.subjectId()).isEqualTo(ready.id());
            assertThat(a.action()).isEqualTo("timeout, destroy VM");
            assertThat(a.reason()).isEqualTo("not completed within 120 min (started 2026-11-29T09:00:00Z, was ready)");
        });
        assertThat(plan.detail()).containsEntry("timeoutMinutes", 120L).containsEntry("preserveVms", false);
        assertThat(calls).isEmpty();
    }

    @Test
    void runTimesOutEachAndReportsFailuresAsErrorLines() {
        session("auth-a", AuthSessionState.VM_CREATED);
        AuthSession offline = session("auth-offline", AuthSessionState.READY);
        session("auth-completed", AuthSessionState.AUTHENTICATING);

        TaskResult result = task.run(task.plan(NOW), NOW, "task:auth-session-cleanup");

        assertThat(result.seen()).isEqualTo(3);
        assertThat(result.acted()).isEqualTo(1);
        assertThat(result.errors()).singleElement().asString().contains(offline.id().toString()).contains("not been seen");
        assertThat(result.detail()).containsEntry("timedOut", 1).containsEntry("vmsKept", 0);
        assertThat(calls).allSatisfy(c -> assertThat(c).endsWith("preserve=false by task:auth-session-cleanup"));
    }

    @Test
    void withPreserveVmsThePlanAndTheRunKeepTheVms() {
        task.settings.preserveVms = true;
        session("auth-a", AuthSessionState.AUTHENTICATING);

        TaskPlan plan = task.plan(NOW);
        TaskResult result = task.run(plan, NOW, "task:auth-session-cleanup");

        assertThat(plan.actions()).singleElement().extracting(TaskAction::action)
                .isEqualTo("timeout (VM kept: CORRAL_DEBUG_PRESERVE_VMS)");
        assertThat(plan.detail()).containsEntry("preserveVms", true);
        assertThat(result.detail()).containsEntry("timedOut", 1).containsEntry("vmsKept", 1);
        assertThat(calls).singleElement().asString().contains("preserve=true");
    }
}
