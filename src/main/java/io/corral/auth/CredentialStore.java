package io.corral.auth;

import io.corral.platform.db.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/** The SQL of {@code credential}; runs in the caller's transaction. */
@ApplicationScoped
public class CredentialStore {
    private static final String INSERT = "insert into credential (id, provider, session_id, label, expires_at, "
            + "key_version, nonce, ciphertext, created_by) values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning "
            + Credential.COLUMNS;
    private static final String FIND = "select " + Credential.COLUMNS + " from credential where id = ?";
    private static final String SEALED = "select key_version, nonce, ciphertext from credential "
            + "where id = ? and deleted_at is null";
    private static final String ERASE = "update credential set deleted_at = now(), deleted_by = ?, nonce = null, "
            + "ciphertext = null where id = ? and deleted_at is null";
    private static final String MARK_STATUS = "update credential set status = ?, status_reason = ?, "
            + "validated_at = now() where id = ? and deleted_at is null returning " + Credential.COLUMNS;
    private static final String TO_ROTATE = "select id, provider, key_version, nonce, ciphertext from credential "
            + "where deleted_at is null and key_version <> ? and id > ? order by id limit ?";
    private static final String RESEAL = "update credential set key_version = ?, nonce = ?, ciphertext = ? "
            + "where id = ? and key_version = ? and deleted_at is null";
    private static final String COUNT_BY_VERSION = "select key_version, count(*) from credential "
            + "where deleted_at is null group by key_version";
    /** PostgreSQL orders uuids by their bytes, unsigned: all zeros comes first. */
    private static final UUID LOWEST_ID = new UUID(0L, 0L);

    @Inject
    Jdbc jdbc;

    /** A live row whose key version differs from the rotation's target, with its sealed secret. */
    public record RotationCandidate(UUID id, String provider, CredentialCipher.Sealed sealed) {
    }

    public Credential insert(UUID id, String provider, UUID sessionId, String label, OffsetDateTime expiresAt,
                      CredentialCipher.Sealed sealed, String createdBy) {
        return jdbc.one(INSERT, Credential::map, id, provider, sessionId, label, expiresAt, sealed.keyVersion(),
                sealed.nonce(), sealed.ciphertext(), createdBy).orElseThrow();
    }

    public Optional<Credential> find(UUID id) {
        return jdbc.one(FIND, Credential::map, id);
    }

    public Optional<CredentialCipher.Sealed> sealed(UUID id) {
        return jdbc.one(SEALED, rs -> new CredentialCipher.Sealed(rs.getInt(1), rs.getBytes(2), rs.getBytes(3)), id);
    }

    /** Live credentials, newest first, after {@code after} (the previous page's last) when given. */
    public List<Credential> list(String provider, UUID sessionId, CredentialStatus status, Credential after, int limit) {
        StringBuilder sql = new StringBuilder("select " + Credential.COLUMNS + " from credential where deleted_at is null");
        List<Object> params = new ArrayList<>();
        if (provider != null) {
            sql.append(" and provider = ?");
            params.add(provider);
        }
        if (sessionId != null) {
            sql.append(" and session_id = ?");
            params.add(sessionId);
        }
        if (status != null) {
            sql.append(" and status = ?");
            params.add(status.value());
        }
        if (after != null) {
            sql.append(" and (created_at, id) < (?, ?)");
            params.add(after.createdAt());
            params.add(after.id());
        }
        sql.append(" order by created_at desc, id desc limit ?");
        params.add(limit);
        return jdbc.query(sql.toString(), Credential::map, params.toArray());
    }

    /** Live credentials newest first, filtered, by position (the console's pages). */
    public List<Credential> page(String provider, CredentialStatus status, int offset, int limit) {
        List<Object> params = new ArrayList<>();
        String where = where(provider, status, params);
        params.add(limit);
        params.add(offset);
        return jdbc.query("select " + Credential.COLUMNS + " from credential" + where
                + " order by created_at desc, id desc limit ? offset ?", Credential::map, params.toArray());
    }

    public int count(String provider, CredentialStatus status) {
        List<Object> params = new ArrayList<>();
        String where = where(provider, status, params);
        return jdbc.one("select count(*) from credential" + where, rs -> rs.getInt(1), params.toArray()).orElse(0);
    }

    /** The providers live credentials belong to. */
    public List<String> providers() {
        return jdbc.query("select distinct provider from credential where deleted_at is null order by provider",
                rs -> rs.getString(1));
    }

    private static String where(String provider, CredentialStatus status, List<Object> params) {
        StringBuilder where = new StringBuilder(" where deleted_at is null");
        if (provider != null) {
            where.append(" and provider = ?");
            params.add(provider);
        }
        if (status != null) {
            where.append(" and status = ?");
            params.add(status.value());
        }
        return where.toString();
    }

    /** Deletes the secret, keeps the metadata; false when already deleted or unknown. */
    public boolean erase(UUID id, String actor) {
        return jdbc.update(ERASE, actor, id) == 1;
    }

    public Optional<Credential> markStatus(UUID id, CredentialStatus status, String reason) {
        return jdbc.one(MARK_STATUS, Credential::map, status.value(), reason, id);
    }

    public List<RotationCandidate> toRotate(int toVersion, UUID afterId, int limit) {
        return jdbc.query(TO_ROTATE, rs -> new RotationCandidate(rs.getObject(1, UUID.class), rs.getString(2),
                        new CredentialCipher.Sealed(rs.getInt(3), rs.getBytes(4), rs.getBytes(5))),
                toVersion, afterId == null ? LOWEST_ID : afterId, limit);
    }

    /** Compare-and-set on the old key version: false when the row changed (deleted, rotated) meanwhile. */
    public boolean reseal(UUID id, int fromVersion, CredentialCipher.Sealed sealed) {
        return jdbc.update(RESEAL, sealed.keyVersion(), sealed.nonce(), sealed.ciphertext(), id, fromVersion) == 1;
    }

    /** Live credentials per key version. */
    public Map<Integer, Long> countByVersion() {
        Map<Integer, Long> counts = new TreeMap<>();
        jdbc.query(COUNT_BY_VERSION, rs -> counts.put(rs.getInt(1), rs.getLong(2)));
        return counts;
    }
}
