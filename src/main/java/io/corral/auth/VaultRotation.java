package io.corral.auth;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A row of {@code vault_rotation}. */
public record VaultRotation(UUID id, int toVersion, String requestedBy, String status, OffsetDateTime startedAt,
                            OffsetDateTime finishedAt, int rowsRotated, int rowsSkipped, int rowsFailed,
                            String error) {

    static final String COLUMNS = "id, to_version, requested_by, status, started_at, finished_at, rows_rotated, "
            + "rows_skipped, rows_failed, error";

    static VaultRotation map(ResultSet rs) throws SQLException {
        return new VaultRotation(rs.getObject(1, UUID.class), rs.getInt(2), rs.getString(3), rs.getString(4),
                rs.getObject(5, OffsetDateTime.class), rs.getObject(6, OffsetDateTime.class), rs.getInt(7),
                rs.getInt(8), rs.getInt(9), rs.getString(10));
    }
}
