package io.corral.clone;

import java.time.OffsetDateTime;
import java.util.UUID;

/** One row of {@code clone_item}. */
public record CloneItem(UUID runId, int n, String name, Integer vmid, UUID commandId, UUID startCommandId,
                        CloneItemStatus status, String errorCode, String errorMessage, int attempts,
                        OffsetDateTime updatedAt) {

    static final String COLUMNS = "run_id, n, name, vmid, command_id, start_command_id, status, error_code, "
            + "error_message, attempts, updated_at";

    static CloneItem read(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new CloneItem(rs.getObject(1, UUID.class), rs.getInt(2), rs.getString(3),
                rs.getObject(4, Integer.class), rs.getObject(5, UUID.class), rs.getObject(6, UUID.class),
                CloneItemStatus.parse(rs.getString(7)), rs.getString(8), rs.getString(9), rs.getInt(10),
                rs.getObject(11, OffsetDateTime.class));
    }
}
