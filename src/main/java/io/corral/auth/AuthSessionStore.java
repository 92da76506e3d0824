package io.corral.auth;

import io.corral.platform.db.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The SQL of {@code auth_session} and {@code auth_session_event}; runs in the caller's transaction. */
@ApplicationScoped
public class AuthSessionStore {
    private static final String INSERT = "insert into auth_session (id, provider, state, token_hash, agent_id, node, "
            + "template_vmid, vmid, vm_name, preserve_vm, options, created_by, created_at, state_changed_at) "
            + "values (?, ?, 'started', ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?) returning " + AuthSession.COLUMNS;
    private static final String FIND = "select " + AuthSession.COLUMNS + " from auth_session where id = ?";
    private static final String FIND_BY_TOKEN = "select " + AuthSession.COLUMNS
            + " from auth_session where id = ? and token_hash = ?";
    /** The transition itself: it wins only if the session is still in one of the states it expects. */
    private static final String TRANSITION = "update auth_session set state = ?, reason = coalesce(?, reason), "
            + "state_changed_at = ? where id = ? and state = ? returning " + AuthSession.COLUMNS;
    private static final String COMPLETE = "update auth_session set state = 'completed', credential_id = ?, "
            + "state_changed_at = ? where id = ? and state = ? and state in ('ready', 'authenticating') returning "
            + AuthSession.COLUMNS;
    private static final String CLONE_QUEUED = "update auth_session set clone_command_id = ? "
            + "where id = ? and clone_command_id is null";
    private static final String START_QUEUED = "update auth_session set start_command_id = ? "
            + "where id = ? and state = 'vm_creating' and start_command_id is null";
    private static final String VM_ENDED = "update auth_session set destroy_command_id = ?, vm_note = ? where id = ?";
    private static final String VM_SEEN = "update auth_session set vm_id = ? where id = ? and vm_id is null";
    private static final String CREATING = "select " + AuthSession.COLUMNS
            + " from auth_session where state = 'vm_creating' order by created_at limit ?";
    /** Ended while their clone was still live: the clone may have finished anyway and left a VM behind. */
    private static final String CLONE_CANCELLED = "select " + AuthSession.COLUMNS + " from auth_session "
            + "where state in ('failed', 'timeout') and destroy_command_id is null and vm_note like ? "
            + "order by created_at limit ?";
    private static final String STALE = "select " + AuthSession.COLUMNS + " from auth_session "
            + "where state not in ('completed', 'timeout', 'failed') and created_at < ? order by created_at limit ?";
    private static final String COUNT_STALE = "select count(*) from auth_session "
            + "where state not in ('completed', 'timeout', 'failed') and created_at < ?";
    private static final String EVENT = "insert into auth_session_event (session_id, from_state, to_state, at, actor, "
            + "reason) values (?, ?, ?, ?, ?, ?)";
    private static final String EVENTS = "select from_state, to_state, at, actor, reason from auth_session_event "
            + "where session_id = ? order by id";

    @Inject
    Jdbc jdbc;

    public AuthSession insert(UUID id, AuthProvider provider, String tokenHash, UUID agentId, int vmid, String vmName,
                              boolean preserveVm, String options, String actor, OffsetDateTime at) {
        AuthSession s = jdbc.one(INSERT, AuthSession::map, id, provider.name(), tokenHash, agentId, provider.node(),
                provider.templateVmid(), vmid, vmName, preserveVm, options, actor, at, at).orElseThrow();
        event(id, null, AuthSessionState.STARTED, at, actor, null);
        return s;
    }

    public Optional<AuthSession> find(UUID id) {
        return jdbc.one(FIND, AuthSession::map, id);
    }

    /** The session, only if {@code tokenHash} is its helper token's. */
    public Optional<AuthSession> findWithToken(UUID id, String tokenHash) {
        return jdbc.one(FIND_BY_TOKEN, AuthSession::map, id, tokenHash);
    }

    /**
     * Moves the session from {@code from} to {@code to} (a conditional update on {@code from}) and
     * records the event; empty when the session was not in {@code from} (another caller won).
     */
    public Optional<AuthSession> transition(UUID id, AuthSessionState from, AuthSessionState to, String reason,
                                            OffsetDateTime at, String actor) {
        if (!to.from().contains(from)) {
            throw new IllegalArgumentException("No transition " + from.value() + " -> " + to.value());
        }
        Optional<AuthSession> moved = jdbc.one(TRANSITION, AuthSession::map, to.value(), reason, at, id, from.value());
        moved.ifPresent(s -> event(id, from, to, at, actor, reason));
        return moved;
    }

    /** Ready or authenticating → completed with its credential; empty when it was in neither state. */
    public Optional<AuthSession> complete(AuthSession from, UUID credentialId, OffsetDateTime at, String actor) {
        Optional<AuthSession> done = jdbc.one(COMPLETE, AuthSession::map, credentialId, at, from.id(),
                from.state().value());
        done.ifPresent(s -> event(from.id(), from.state(), AuthSessionState.COMPLETED, at, actor,
                "credential " + credentialId));
        return done;
    }

    public void cloneQueued(UUID id, UUID commandId) {
        jdbc.update(CLONE_QUEUED, commandId, id);
    }

    public boolean startQueued(UUID id, UUID commandId) {
        return jdbc.update(START_QUEUED, commandId, id) == 1;
    }

    /** What became of the VM when the session ended: the destroy command (if one was queued) and a note. */
    public void vmEnded(UUID id, UUID destroyCommandId, String note) {
        jdbc.update(VM_ENDED, destroyCommandId, note.length() <= 500 ? note : note.substring(0, 499) + "…", id);
    }

    public void vmSeen(UUID id, UUID vmId) {
        jdbc.update(VM_SEEN, vmId, id);
    }

    /** Sessions whose VM is being cloned or started, oldest first. */
    public List<AuthSession> creating(int limit) {
        return jdbc.query(CREATING, AuthSession::map, limit);
    }

    /** Sessions ended while their clone was live, whose VM is not accounted for yet. */
    public List<AuthSession> cloneCancelled(int limit) {
        return jdbc.query(CLONE_CANCELLED, AuthSession::map, AuthSessionVms.CLONE_CANCELLED + "%", limit);
    }

    /** Live sessions started before {@code cutoff}, oldest first. */
    public List<AuthSession> stale(OffsetDateTime cutoff, int limit) {
        return jdbc.query(STALE, AuthSession::map, cutoff, limit);
    }

    public long countStale(OffsetDateTime cutoff) {
        return jdbc.one(COUNT_STALE, rs -> rs.getLong(1), cutoff).orElse(0L);
    }

    /** Sessions newest first, filtered, by position (the console's pages). */
    public List<AuthSession> page(AuthSessionState state, String provider, int offset, int limit) {
        List<Object> params = new ArrayList<>();
        String where = where(state, provider, params);
        params.add(limit);
        params.add(offset);
        return jdbc.query("select " + AuthSession.COLUMNS + " from auth_session" + where
                + " order by created_at desc, id desc limit ? offset ?", AuthSession::map, params.toArray());
    }

    public int count(AuthSessionState state, String provider) {
        List<Object> params = new ArrayList<>();
        String where = where(state, provider, params);
        return jdbc.one("select count(*) from auth_session" + where, rs -> rs.getInt(1), params.toArray()).orElse(0);
    }

    private static String where(AuthSessionState state, String provider, List<Object> params) {
        StringBuilder where = new StringBuilder(" where true");
        if (state != null) {
            where.append(" and state = ?");
            params.add(state.value());
        }
        if (provider != null) {
            where.append(" and provider = ?");
            params.add(provider);
        }
        return where.toString();
    }

    /** Sessions newest first, filtered, after {@code after} (the previous page's last) when given. */
    public List<AuthSession> list(AuthSessionState state, String provider, AuthSession after, int limit) {
        StringBuilder sql = new StringBuilder("select " + AuthSession.COLUMNS + " from auth_session where true");
        List<Object> params = new ArrayList<>();
        if (state != null) {
            sql.append(" and state = ?");
            params.add(state.value());
        }
        if (provider != null) {
            sql.append(" and provider = ?");
            params.add(provider);
        }
        if (after != null) {
            sql.append(" and (created_at, id) < (?, ?)");
            params.add(after.createdAt());
            params.add(after.id());
        }
        sql.append(" order by created_at desc, id desc limit ?");
        params.add(limit);
        return jdbc.query(sql.toString(), AuthSession::map, params.toArray());
    }

    public List<AuthSessionEvent> events(UUID id) {
        return jdbc.query(EVENTS, rs -> new AuthSessionEvent(rs.getString(1), rs.getString(2),
                rs.getObject(3, java.time.OffsetDateTime.class), rs.getString(4), rs.getString(5)), id);
    }

    private void event(UUID id, AuthSessionState from, AuthSessionState to, OffsetDateTime at, String actor,
                       String reason) {
        jdbc.update(EVENT, id, from == null ? null : from.value(), to.value(), at, actor,
                reason == null || reason.length() <= 1000 ? reason : reason.substring(0, 999) + "…");
    }
}
