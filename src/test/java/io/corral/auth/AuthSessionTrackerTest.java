package io.corral.auth;

import io.corral.command.CommandRow;
import io.corral.command.CommandStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The command side of the state machine: clone, then start, then vm_created; a failure ends the session. */
class AuthSessionTrackerTest {
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

    private final Map<UUID, CommandRow> byId = new HashMap<>();
    private final List<String> queued = new ArrayList<>();
    private final List<AuthSession> cancelledClones = new ArrayList<>();
    private final MemorySessionStore store = new MemorySessionStore() {
        @Override
        public List<AuthSession> creating(int limit) {
            return rows.values().stream().filter(s -> s.state() == AuthSessionState.VM_CREATING).toList();
        }

        @Override
        public List<AuthSession> cloneCancelled(int limit) {
            return cancelledClones;
        }

        @Override
        public boolean startQueued(UUID id, UUID commandId) {
            AuthSession s = rows.get(id);
            rows.put(id, new AuthSession(s.id(), s.provider(), s.state(), s.reason(), s.agentId(), s.node(),
                    s.templateVmid(), s.vmid(), s.vmName(), s.vmId(), s.cloneCommandId(), commandId, null,
                    s.preserveVm(), null, "{}", null, s.createdBy(), s.createdAt(), s.stateChangedAt()));
            return true;
        }
    };
    private AuthSessionTracker tracker;

    @BeforeEach
    void wire() {
        tracker = new AuthSessionTracker();
        tracker.store = store;
        tracker.clock = Clock.fixed(NOW, ZoneOffset.UTC);
        tracker.settings = new AuthSettings();
        tracker.vms = new AuthSessionVms() {
            @Override
            public CommandRow command(UUID id) {
                return byId.get(id);
            }

            @Override
            public CommandRow start(AuthSession s) {
                CommandRow start = AuthSessionTrackerTest.this.command("proxmox.start", CommandStatus.QUEUED, null);
                queued.add("start " + s.vmid());
                return start;
            }

            @Override
            public Ended end(AuthSession s, String preserve, String actor) {
                CommandRow clone = byId.get(s.cloneCommandId());
                if (clone.status() == CommandStatus.SUCCEEDED) {
                    queued.add("destroy " + s.vmid());
                    return new Ended(UUID.randomUUID(), "VM destroy queued: proxmox.destroy");
                }
                return new Ended(null, "no VM to destroy (clone " + clone.status().value() + ")");
            }
        };
        tracker.ending = new AuthSessionEnding();
        tracker.ending.store = store;
        tracker.ending.vms = tracker.vms;
        tracker.ending.clock = tracker.clock;
    }

    private CommandRow command(String type, CommandStatus status, String error) {
        UUID id = UUID.randomUUID();
        OffsetDateTime at = OffsetDateTime.ofInstant(NOW, ZoneOffset.UTC);
        CommandRow row = new CommandRow(id, UUID.randomUUID(), type, "{}", 5, status, null, null, 1, 3, at, null, 60,
                false, null, error == null ? null : "PVE_ERROR", error, null, null, "t", at, null, null, null, null,
                List.of());
        byId.put(id, row);
        return row;
    }

    private void finish(UUID id, CommandStatus status, String error) {
        CommandRow r = byId.get(id);
        byId.put(id, new CommandRow(r.id(), r.agentId(), r.type(), r.payload(), r.priority(), status, null, null,
                1, 3, r.expiresAt(), null, 60, false, null, error == null ? null : "PVE_ERROR", error, null, null,
                "t", r.createdAt(), null, null, null, r.createdAt(), List.of()));
    }

    private AuthSession creating(CommandRow clone) {
        AuthSession s = store.put(AuthSessionState.VM_CREATING, OffsetDateTime.ofInstant(NOW, ZoneOffset.UTC), false,
                "cas_" + UUID.randomUUID());
        store.rows.put(s.id(), new AuthSession(s.id(), s.provider(), s.state(), null, s.agentId(), s.node(),
                s.templateVmid(), s.vmid(), s.vmName(), null, clone.id(), null, null, false, null, "{}", null,
                s.createdBy(), s.createdAt(), s.stateChangedAt()));
        return store.rows.get(s.id());
    }

    @Test
    void aSucceededCloneQueuesTheStartAndASucceededStartMakesTheVm() {
        CommandRow clone = command("proxmox.clone", CommandStatus.RUNNING, null);
        AuthSession s = creating(clone);

        tracker.trackCreating();
        assertThat(queued).isEmpty();

        finish(clone.id(), CommandStatus.SUCCEEDED, null);
        tracker.trackCreating();
        tracker.trackCreating();
        assertThat(queued).containsExactly("start " + s.vmid());
        UUID start = store.rows.get(s.id()).startCommandId();
        assertThat(store.rows.get(s.id()).state()).isEqualTo(AuthSessionState.VM_CREATING);

        finish(start, CommandStatus.SUCCEEDED, null);
        tracker.trackCreating();
        AuthSession created = store.rows.get(s.id());
        assertThat(created.state()).isEqualTo(AuthSessionState.VM_CREATED);
        assertThat(created.reason()).isEqualTo("VM " + s.vmName() + " (pve1/" + s.vmid() + ") cloned and started");
    }

    @Test
    void aFailedCloneFailsTheSessionWithTheCommandsError() {
        CommandRow clone = command("proxmox.clone", CommandStatus.RUNNING, null);
        AuthSession s = creating(clone);
        finish(clone.id(), CommandStatus.FAILED, "template 9000 does not exist");

        tracker.trackCreating();

        AuthSession failed = store.rows.get(s.id());
        assertThat(failed.state()).isEqualTo(AuthSessionState.FAILED);
        assertThat(failed.reason()).isEqualTo("clone failed: PVE_ERROR template 9000 does not exist (command "
                + clone.id() + ")");
        assertThat(failed.vmNote()).isEqualTo("no VM to destroy (clone failed)");
        assertThat(queued).isEmpty();
    }

    @Test
    void aFailedStartFailsTheSessionAndDestroysTheClonedVm() {
        CommandRow clone = command("proxmox.clone", CommandStatus.SUCCEEDED, null);
        AuthSession s = creating(clone);
        tracker.trackCreating();
        finish(store.rows.get(s.id()).startCommandId(), CommandStatus.FAILED, "no memory");

        tracker.trackCreating();

        AuthSession failed = store.rows.get(s.id());
        assertThat(failed.state()).isEqualTo(AuthSessionState.FAILED);
        assertThat(failed.reason()).startsWith("start failed: PVE_ERROR no memory");
        assertThat(queued).containsExactly("start " + s.vmid(), "destroy " + s.vmid());
    }

    @Test
    void aCloneThatCompletedAfterItsSessionEndedHasItsVmDestroyed() {
        CommandRow clone = command("proxmox.clone", CommandStatus.RUNNING, null);
        AuthSession s = creating(clone);
        tracker.ending.end(s, AuthSessionState.FAILED, "cancelled by op", false, "op");
        store.vmEnded(s.id(), null, AuthSessionVms.CLONE_CANCELLED + "; no VM to destroy unless it completes anyway");
        cancelledClones.add(store.rows.get(s.id()));

        tracker.trackCreating(); // still running: nothing yet
        assertThat(queued).isEmpty();
        finish(clone.id(), CommandStatus.SUCCEEDED, null);
        tracker.trackCreating();

        assertThat(queued).containsExactly("destroy " + s.vmid());
        assertThat(store.rows.get(s.id()).vmNote()).isEqualTo("after the session ended: VM destroy queued: "
                + "proxmox.destroy");
    }
}
