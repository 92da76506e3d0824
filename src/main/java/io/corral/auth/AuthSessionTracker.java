package io.corral.auth;

import io.corral.command.CommandRow;
import io.corral.command.CommandStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.logging.Logger;

/**
 * Follows a session's VM commands: a succeeded clone queues the start, a succeeded start makes the
 * session {@code vm_created}, a failed, cancelled or expired one makes it {@code failed} with the
 * command's error. Woken by finished commands on this instance ({@link AuthSessionWakeups}); reads of
 * a session and the helper's reports catch up too, which covers commands finished on other instances.
 */
@ApplicationScoped
public class AuthSessionTracker {
    static final int BATCH = 200;
    private static final Logger LOG = Logger.getLogger(AuthSessionTracker.class.getName());
    private static final String ACTOR = "auth-session-tracker";

    @Inject
    AuthSessionStore store;

    @Inject
    AuthSessionVms vms;

    @Inject
    AuthSessionEnding ending;

    @Inject
    AuthSettings settings;

    @Inject
    Clock clock;

    /**
     * Advances every session whose VM is being made, and destroys the VM of a session that ended
     * while its clone was live if the clone completed anyway; in one transaction.
     */
    @Transactional
    public void trackCreating() {
        for (AuthSession s : store.creating(BATCH)) {
            advance(s);
        }
        for (AuthSession s : store.cloneCancelled(BATCH)) {
            CommandRow clone = vms.command(s.cloneCommandId());
            if (clone != null && clone.status().isFinal()) {
                AuthSessionVms.Ended vm = vms.end(s, settings.preserveVms() ? "CORRAL_DEBUG_PRESERVE_VMS=true" : null,
                        ACTOR);
                store.vmEnded(s.id(), vm.commandId(), "after the session ended: " + vm.note());
                LOG.info(() -> "Auth session " + s.id() + " (" + s.state().value() + "): its clone ended "
                        + clone.status().value() + "; " + vm.note());
            }
        }
    }

    /** Advances the session if its commands finished, notes its VM's inventory id once seen; the session now. */
    AuthSession catchUp(AuthSession s) {
        AuthSession now = s.state() == AuthSessionState.VM_CREATING ? advance(s) : s;
        if (now.vmId() == null && now.startCommandId() != null) {
            vms.inventoryVm(now).ifPresent(vm -> store.vmSeen(now.id(), vm.getId()));
            return store.find(now.id()).orElse(now);
        }
        return now;
    }

    private AuthSession advance(AuthSession s) {
        if (s.startCommandId() == null) {
            CommandRow clone = vms.command(s.cloneCommandId());
            if (clone == null || !clone.status().isFinal()) {
                return s;
            }
            if (clone.status() == CommandStatus.SUCCEEDED) {
                CommandRow start = vms.start(s);
                if (store.startQueued(s.id(), start.id())) {
                    LOG.info(() -> "Auth session " + s.id() + ": VM " + s.node() + "/" + s.vmid()
                            + " cloned, start queued: command " + start.id());
                }
                return store.find(s.id()).orElse(s);
            }
            return fail(s, "clone", clone);
        }
        CommandRow start = vms.command(s.startCommandId());
        if (start == null || !start.status().isFinal()) {
            return s;
        }
        if (start.status() != CommandStatus.SUCCEEDED) {
            return fail(s, "start", start);
        }
        return store.transition(s.id(), AuthSessionState.VM_CREATING, AuthSessionState.VM_CREATED,
                        "VM " + s.vmName() + " (" + s.node() + "/" + s.vmid() + ") cloned and started",
                        OffsetDateTime.now(clock), ACTOR)
                .map(created -> {
                    LOG.info(() -> "Auth session vm_created: id=" + s.id() + " vm=" + s.node() + "/" + s.vmid());
                    return created;
                })
                .orElseGet(() -> store.find(s.id()).orElse(s));
    }

    private AuthSession fail(AuthSession s, String step, CommandRow command) {
        String error = step + " " + command.status().value() + ": "
                + (command.errorCode() == null ? "" : command.errorCode() + " ")
                + (command.errorMessage() == null ? "(no message)" : command.errorMessage())
                + " (command " + command.id() + ")";
        return ending.end(s, AuthSessionState.FAILED, error, settings.preserveVms(), ACTOR)
                .orElseGet(() -> store.find(s.id()).orElse(s));
    }
}
