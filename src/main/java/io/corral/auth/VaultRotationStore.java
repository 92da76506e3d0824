package io.corral.auth;

import io.corral.platform.db.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The SQL of {@code vault_rotation}, and the write-key lock: a store holds it shared while it
 * reads the write key version and inserts, a rotation takes it exclusively to switch the write
 * key, so no row is written under the old key after a rotation has started re-encrypting.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.REQUIRES_NEW)
public class VaultRotationStore {
    private static final String WRITE_KEY_SHARED =
            "select pg_advisory_xact_lock_shared(hashtext('corral:vault-write-key'))";
    private static final String WRITE_KEY_EXCLUSIVE = "select pg_advisory_xact_lock(hashtext('corral:vault-write-key'))";
    private static final String WRITE_VERSION = "select to_version from vault_rotation "
            + "order by started_at desc, id desc limit 1";
    private static final String INTERRUPT = "update vault_rotation set status = 'interrupted', finished_at = now(), "
            + "error = 'its instance stopped before the rotation ended' where status = 'running'";
    private static final String START = "insert into vault_rotation (id, to_version, requested_by, status) "
            + "values (?, ?, ?, 'running') returning " + VaultRotation.COLUMNS;
    private static final String PROGRESS = "update vault_rotation set rows_rotated = ?, rows_skipped = ?, "
            + "rows_failed = ? where id = ?";
    private static final String FINISH = "update vault_rotation set status = ?, finished_at = now(), rows_rotated = ?, "
            + "rows_skipped = ?, rows_failed = ?, error = ? where id = ? returning " + VaultRotation.COLUMNS;
    private static final String FIND = "select " + VaultRotation.COLUMNS + " from vault_rotation where id = ?";
    private static final String RECENT = "select " + VaultRotation.COLUMNS + " from vault_rotation "
            + "order by started_at desc, id desc limit ?";

    @Inject
    Jdbc jdbc;

    /** Held until the caller's transaction ends. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lockWriteKeyShared() {
        jdbc.query(WRITE_KEY_SHARED, rs -> Boolean.TRUE);
    }

    /** The key version the latest rotation chose for new writes; empty before the first rotation. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Integer> writeVersion() {
        return jdbc.one(WRITE_VERSION, rs -> rs.getInt(1));
    }

    /** Marks a rotation left running as interrupted; the caller holds the rotation lock, so none runs. */
    public int interruptRunning() {
        return jdbc.update(INTERRUPT);
    }

    /** Records a running rotation, which makes {@code toVersion} the write key from its commit on. */
    public VaultRotation start(int toVersion, String requestedBy) {
        jdbc.query(WRITE_KEY_EXCLUSIVE, rs -> Boolean.TRUE);
        return jdbc.one(START, VaultRotation::map, UUID.randomUUID(), toVersion, requestedBy).orElseThrow();
    }

    public void progress(UUID id, int rotated, int skipped, int failed) {
        jdbc.update(PROGRESS, rotated, skipped, failed, id);
    }

    public VaultRotation finish(UUID id, String status, int rotated, int skipped, int failed, String error) {
        return jdbc.one(FINISH, VaultRotation::map, status, rotated, skipped, failed,
                error == null || error.length() <= 1000 ? error : error.substring(0, 999) + "…", id).orElseThrow();
    }

    public Optional<VaultRotation> find(UUID id) {
        return jdbc.one(FIND, VaultRotation::map, id);
    }

    public List<VaultRotation> recent(int limit) {
        return jdbc.query(RECENT, VaultRotation::map, limit);
    }
}
