package io.corral.auth;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** {@link AuthSessionStore} in memory, with the same conditional-update rules, for unit tests. */
class MemorySessionStore extends AuthSessionStore {
    final Map<UUID, AuthSession> rows = new HashMap<>();
    final Map<UUID, String> tokenHashes = new HashMap<>();
    final List<AuthSessionEvent> events = new ArrayList<>();

    AuthSession put(AuthSessionState state, OffsetDateTime createdAt, boolean preserveVm, String token) {
        UUID id = UUID.randomUUID();
        AuthSession s = new AuthSession(id, "github", state, null, UUID.randomUUID(), "pve1", 9000, 100 + rows.size(),
                "auth-github-" + id.toString().substring(0, 8), null, UUID.randomUUID(), UUID.randomUUID(), null,
                preserveVm, null, "{}", null, "op", createdAt, createdAt);
        rows.put(id, s);
        tokenHashes.put(id, SessionTokens.hash(token));
        return s;
    }

    @Override
    public Optional<AuthSession> find(UUID id) {
        return Optional.ofNullable(rows.get(id));
    }

    @Override
    public Optional<AuthSession> findWithToken(UUID id, String tokenHash) {
        return find(id).filter(s -> tokenHash.equals(tokenHashes.get(id)));
    }

    @Override
    public Optional<AuthSession> transition(UUID id, AuthSessionState from, AuthSessionState to, String reason,
                                            OffsetDateTime at, String actor) {
        if (!to.from().contains(from)) {
            throw new IllegalArgumentException("No transition " + from.value() + " -> " + to.value());
        }
        AuthSession s = rows.get(id);
        if (s == null || s.state() != from) {
            return Optional.empty();
        }
        return Optional.of(save(s, to, reason == null ? s.reason() : reason, s.credentialId(), at, actor));
    }

    @Override
    public Optional<AuthSession> complete(AuthSession from, UUID credentialId, OffsetDateTime at, String actor) {
        AuthSession s = rows.get(from.id());
        if (s == null || s.state() != from.state()
                || (s.state() != AuthSessionState.READY && s.state() != AuthSessionState.AUTHENTICATING)) {
            return Optional.empty();
        }
        return Optional.of(save(s, AuthSessionState.COMPLETED, s.reason(), credentialId, at, actor));
    }

    @Override
    public void vmEnded(UUID id, UUID destroyCommandId, String note) {
        AuthSession s = rows.get(id);
        rows.put(id, new AuthSession(s.id(), s.provider(), s.state(), s.reason(), s.agentId(), s.node(),
                s.templateVmid(), s.vmid(), s.vmName(), s.vmId(), s.cloneCommandId(), s.startCommandId(),
                destroyCommandId, s.preserveVm(), note, s.options(), s.credentialId(), s.createdBy(), s.createdAt(),
                s.stateChangedAt()));
    }

    @Override
    public List<AuthSessionEvent> events(UUID id) {
        return events;
    }

    private AuthSession save(AuthSession s, AuthSessionState to, String reason, UUID credentialId, OffsetDateTime at,
                             String actor) {
        AuthSession moved = new AuthSession(s.id(), s.provider(), to, reason, s.agentId(), s.node(), s.templateVmid(),
                s.vmid(), s.vmName(), s.vmId(), s.cloneCommandId(), s.startCommandId(), s.destroyCommandId(),
                s.preserveVm(), s.vmNote(), s.options(), credentialId, s.createdBy(), s.createdAt(), at);
        rows.put(s.id(), moved);
        events.add(new AuthSessionEvent(s.state().value(), to.value(), at, actor, reason));
        return moved;
    }
}
