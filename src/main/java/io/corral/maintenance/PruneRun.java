package io.corral.maintenance;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A row of {@code prune_run}; {@code removed} is the JSON object of rows removed per table,
 * {@code secretsCleared} the finished commands whose secret fields were cleared.
 */
record PruneRun(UUID id, String status, String trigger, String requestedBy, OffsetDateTime scheduledFor,
                Long jobExecutionId, OffsetDateTime startedAt, OffsetDateTime updatedAt, OffsetDateTime finishedAt,
                String removed, long secretsCleared, int chunks, long busyMs, long pausedMs, String error) {

    static final String COLUMNS = "id, status, trigger, requested_by, scheduled_for, job_execution_id, started_at, "
            + "updated_at, finished_at, removed::text, chunks, busy_ms, paused_ms, error, secrets_cleared";

    static PruneRun map(ResultSet rs) throws SQLException {
        long execution = rs.getLong(6);
        Long jobExecutionId = rs.wasNull() ? null : execution;
        return new PruneRun(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getObject(5, OffsetDateTime.class), jobExecutionId,
                rs.getObject(7, OffsetDateTime.class), rs.getObject(8, OffsetDateTime.class),
                rs.getObject(9, OffsetDateTime.class), rs.getString(10), rs.getLong(15), rs.getInt(11),
                rs.getLong(12), rs.getLong(13), rs.getString(14));
    }
}
