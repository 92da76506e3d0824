package io.corral.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Ends live sessions: {@code failed} (cancelled, or its VM could not be made) or {@code timeout}
 * (not completed in time), and with them their VMs, unless a session or
 * {@code CORRAL_DEBUG_PRESERVE_VMS} keeps the VM; then the session's reason says so.
 */
@ApplicationScoped
public class AuthSessionEnding {
    private static final Logger LOG = Logger.getLogger(AuthSessionEnding.class.getName());
    private static final int RACE_RETRIES = 3;

    @Inject
    AuthSessionStore store;

    @Inject
    AuthSessionVms vms;

    @Inject
    Clock clock;

    /**
     * Moves a live session to {@code to} ({@code failed} or {@code timeout}) and ends its VM, in the
     * caller's transaction; empty when the session has already ended.
     */
    public Optional<AuthSession> end(AuthSession session, AuthSessionState to, String reason, boolean preserveAll,
                                     String actor) {
        AuthSession s = session;
        for (int i = 0; i < RACE_RETRIES && !s.state().isFinal(); i++) {
            String preserve = s.preserveVm() ? "preserveVm was asked at start"
                    : preserveAll ? "CORRAL_DEBUG_PRESERVE_VMS=true" : null;
            String why = preserve == null ? reason : reason + "; VM kept: " + preserve;
            Optional<AuthSession> ended = store.transition(s.id(), s.state(), to, why, OffsetDateTime.now(clock), actor);
            if (ended.isPresent()) {
                AuthSessionVms.Ended vm = vms.end(s, preserve, actor);
                store.vmEnded(s.id(), vm.commandId(), vm.note());
                LOG.info(() -> "Auth session " + to.value() + ": id=" + session.id() + " from=" + session.state().value()
                        + " reason=" + why + "; " + vm.note());
                return store.find(s.id());
            }
            s = store.find(s.id()).orElseThrow();
        }
        return Optional.empty();
    }

    /**
     * Times out the session if it is still live and was started before {@code now - timeout}, in a
     * transaction of its own (one session's failure does not undo the others of a cleanup run).
     *
     * @return the timed-out session; empty when it completed, ended or is not stale any more
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<AuthSession> timeOut(UUID id, Instant now, Duration timeout, boolean preserveAll, String actor) {
        Optional<AuthSession> s = store.find(id);
        if (s.isEmpty() || s.get().state().isFinal() || !AuthSessionRules.stale(s.get(), now, timeout)) {
            return Optional.empty();
        }
        return end(s.get(), AuthSessionState.TIMEOUT, AuthSessionRules.timeoutReason(s.get(), timeout), preserveAll,
                actor);
    }
}
