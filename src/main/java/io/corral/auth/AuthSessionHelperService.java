package io.corral.auth;

import io.corral.platform.error.ConflictProblem;
import io.corral.platform.error.ValidationProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * What the in-VM helper reports with its session token: {@code ready} (the desktop is up),
 * {@code authenticating} (a person is signing in) and, once, the credentials, which are stored in
 * the vault in the same transaction as the session turns {@code completed}. The VM stays running.
 */
@ApplicationScoped
public class AuthSessionHelperService {
    private static final Logger LOG = Logger.getLogger(AuthSessionHelperService.class.getName());

    @Inject
    SessionTokens tokens;

    @Inject
    AuthSessionStore store;

    @Inject
    AuthSessionTracker tracker;

    @Inject
    CredentialService vault;

    @Inject
    Clock clock;

    /** {@code vm_created → ready}; a repeat in {@code ready} answers the session unchanged. */
    @Transactional
    public AuthSession ready(UUID id, String authorization) {
        return report(id, authorization, AuthSessionState.READY);
    }

    /** {@code ready → authenticating}; a repeat in {@code authenticating} answers the session unchanged. */
    @Transactional
    public AuthSession authenticating(UUID id, String authorization) {
        return report(id, authorization, AuthSessionState.AUTHENTICATING);
    }

    /**
     * Stores the credentials encrypted and completes the session, both or neither: accepted once,
     * while the session is {@code ready} or {@code authenticating}.
     *
     * @throws ValidationProblem naming {@code sessionId}, {@code provider} or {@code credentials}
     * @throws ConflictProblem   {@code INVALID_STATE} in any other state (a second store included)
     */
    @Transactional
    public AuthSession store(SessionCredentialsRequest r, String authorization) {
        if (r == null || r.sessionId() == null) {
            throw new ValidationProblem("sessionId", "is required");
        }
        if (r.provider() == null || r.provider().isBlank()) {
            throw new ValidationProblem("provider", "is required");
        }
        if (r.credentials() == null || r.credentials().isEmpty()) {
            throw new ValidationProblem("credentials", "a non-empty JSON object is required");
        }
        AuthSession s = tokens.require(r.sessionId(), authorization);
        if (s.state() != AuthSessionState.READY && s.state() != AuthSessionState.AUTHENTICATING) {
            throw wrongState(s, "credentials are accepted in ready or authenticating");
        }
        if (!s.provider().equals(r.provider())) {
            throw new ValidationProblem("provider", "does not match the session's provider");
        }
        String actor = "auth-session " + s.id();
        Credential c = vault.store(s.provider(), s.id(), r.credentials(), actor);
        AuthSession done = store.complete(s, c.id(), OffsetDateTime.now(clock), actor)
                .orElseThrow(() -> wrongState(store.find(s.id()).orElse(s), "the session changed meanwhile"));
        LOG.info(() -> "Auth session completed: id=" + s.id() + " provider=" + s.provider() + " credential=" + c.id()
                + " vm=" + s.node() + "/" + s.vmid() + " (kept running)");
        return done;
    }

    private AuthSession report(UUID id, String authorization, AuthSessionState to) {
        AuthSession s = tracker.catchUp(tokens.require(id, authorization));
        if (s.state() == to) {
            return s;
        }
        AuthSessionState from = to == AuthSessionState.READY ? AuthSessionState.VM_CREATED : AuthSessionState.READY;
        if (s.state() != from) {
            throw wrongState(s, to.value() + " is accepted in " + from.value());
        }
        return store.transition(id, from, to, null, OffsetDateTime.now(clock), "auth-session helper")
                .map(moved -> {
                    LOG.info(() -> "Auth session " + to.value() + ": id=" + id);
                    return moved;
                })
                .orElseThrow(() -> wrongState(store.find(id).orElse(s), "the session changed meanwhile"));
    }

    private static ConflictProblem wrongState(AuthSession s, String rule) {
        return new ConflictProblem("INVALID_STATE", "Auth session " + s.id() + " is " + s.state().value() + "; "
                + rule);
    }
}
