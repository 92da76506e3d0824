package io.corral.command;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** One row of {@code command}, JSON columns as text. */
public record CommandRow(UUID id, UUID agentId, String type, String payload, int priority, CommandStatus status,
                         String dedupeKey, String lockKey, int attempt, int maxAttempts, OffsetDateTime expiresAt,
                         OffsetDateTime leaseExpiresAt, int staleAfterSeconds, boolean cancelRequested,
                         String result, String errorCode, String errorMessage, String progress, String upid,
                         String createdBy, OffsetDateTime createdAt, OffsetDateTime leasedAt,
                         OffsetDateTime startedAt, OffsetDateTime progressAt, OffsetDateTime finishedAt,
                         List<String> lockKeys) {

    static final String COLUMNS = "id, agent_id, type, payload::text, priority, status, dedupe_key, lock_key, "
            + "attempt, max_attempts, expires_at, lease_expires_at, stale_after_s, cancel_requested, result::text, "
            + "error_code, error_message, progress::text, upid, created_by, created_at, leased_at, started_at, "
            + "progress_at, finished_at, lock_keys";

    static CommandRow read(ResultSet rs) throws SQLException {
        return new CommandRow(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                rs.getString(4), rs.getInt(5), CommandStatus.parse(rs.getString(6)), rs.getString(7),
                rs.getString(8), rs.getInt(9), rs.getInt(10), time(rs, 11), time(rs, 12), rs.getInt(13),
                rs.getBoolean(14), rs.getString(15), rs.getString(16), rs.getString(17), rs.getString(18),
                rs.getString(19), rs.getString(20), time(rs, 21), time(rs, 22), time(rs, 23), time(rs, 24),
                time(rs, 25), texts(rs, 26));
    }

    private static List<String> texts(ResultSet rs, int column) throws SQLException {
        Array array = rs.getArray(column);
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }

    private static OffsetDateTime time(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class);
    }
}
