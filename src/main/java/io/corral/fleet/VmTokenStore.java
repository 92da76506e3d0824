package io.corral.fleet;

import io.corral.platform.db.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/** The SQL of {@code vm_token}: one helper token per guest, only its SHA-256 stored. */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class VmTokenStore {
    private static final String COLUMNS = "vm_id, created_at, created_by, rotated_at, rotated_by, last_used_at";
    /** A second issue replaces the hash, so the previous secret stops working in the same commit. */
    private static final String ISSUE = """
            insert into vm_token (vm_id, token_hash, created_at, created_by) values (?, ?, ?, ?)
            on conflict (vm_id) do update set token_hash = excluded.token_hash,
              rotated_at = excluded.created_at, rotated_by = excluded.created_by
            returning\s""" + COLUMNS;
    private static final String FIND = "select " + COLUMNS + " from vm_token where vm_id = ?";
    private static final String REVOKE = "delete from vm_token where vm_id = ? returning " + COLUMNS;
    private static final String USE = "update vm_token set last_used_at = ? where vm_id = ? and token_hash = ?";

    @Inject
    Jdbc jdbc;

    /** Stores the hash as the guest's only token; the answer says whether one was replaced. */
    public VmTokenView issue(UUID vmId, String tokenHash, OffsetDateTime at, String by) {
        return jdbc.one(ISSUE, VmTokenStore::map, vmId, tokenHash, at, by).orElseThrow();
    }

    public Optional<VmTokenView> find(UUID vmId) {
        return jdbc.one(FIND, VmTokenStore::map, vmId);
    }

    /** Deletes the guest's token; empty when it had none. */
    public Optional<VmTokenView> revoke(UUID vmId) {
        return jdbc.one(REVOKE, VmTokenStore::map, vmId);
    }

    /** Records a use; false when this hash is not (any longer) the guest's token. */
    public boolean use(UUID vmId, String tokenHash, OffsetDateTime at) {
        return jdbc.update(USE, at, vmId, tokenHash) == 1;
    }

    private static VmTokenView map(ResultSet rs) throws SQLException {
        return new VmTokenView(rs.getObject("vm_id", UUID.class), null,
                rs.getObject("created_at", OffsetDateTime.class), rs.getString("created_by"),
                rs.getObject("rotated_at", OffsetDateTime.class), rs.getString("rotated_by"),
                rs.getObject("last_used_at", OffsetDateTime.class));
    }
}
