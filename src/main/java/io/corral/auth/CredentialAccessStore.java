package io.corral.auth;

import io.corral.platform.db.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The SQL of {@code credential_access}, the access trail of credentials. */
@ApplicationScoped
public class CredentialAccessStore {
    private static final String INSERT = "insert into credential_access (credential_id, action, actor, outcome, "
            + "detail) values (?, ?, ?, ?, ?)";
    private static final String TRAIL = "select " + CredentialAccessView.COLUMNS + " from credential_access "
            + "where credential_id = ? order by at desc, id desc limit ?";

    @Inject
    Jdbc jdbc;

    enum Action { STORE, REVEAL, DELETE, ROTATE }

    enum Outcome { OK, REFUSED, FAILED }

    /** A line in the caller's transaction: it stands or falls with what it records. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(UUID credentialId, Action action, String actor, Outcome outcome, String detail) {
        jdbc.update(INSERT, credentialId, name(action), actor, name(outcome), detail);
    }

    /** A line that stays even when the caller's transaction rolls back (a refused or failed attempt). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void recordAlone(UUID credentialId, Action action, String actor, Outcome outcome, String detail) {
        jdbc.update(INSERT, credentialId, name(action), actor, name(outcome), detail);
    }

    /** When each credential was last revealed to a person (not for validation). */
    public Map<UUID, OffsetDateTime> lastRevealed(List<UUID> credentialIds) {
        Map<UUID, OffsetDateTime> last = new HashMap<>();
        jdbc.query("select credential_id, max(at) from credential_access where credential_id = any(?) "
                + "and action = 'reveal' and outcome = 'ok' and detail is distinct from 'validation' "
                + "group by credential_id", rs -> last.put(rs.getObject(1, UUID.class),
                rs.getObject(2, OffsetDateTime.class)), (Object) credentialIds.toArray(new UUID[0]));
        return last;
    }

    public List<CredentialAccessView> trail(UUID credentialId, int limit) {
        return jdbc.query(TRAIL, CredentialAccessView::map, credentialId, limit);
    }

    private static String name(Enum<?> e) {
        return e.name().toLowerCase(java.util.Locale.ROOT);
    }
}
