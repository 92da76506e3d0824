package io.corral.maintenance;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A row of {@code task_run}; {@code detail} is JSON text. */
public record TaskRun(UUID id, String task, String trigger, OffsetDateTime scheduledFor, String requestedBy,
                      String instance, String status, OffsetDateTime startedAt, OffsetDateTime finishedAt,
                      Integer itemsSeen, Integer itemsActed, String detail, String error) {

    static final String COLUMNS = "id, task, trigger, scheduled_for, requested_by, instance, status, started_at, "
            + "finished_at, items_seen, items_acted, detail::text, error";

    static TaskRun map(ResultSet rs) throws SQLException {
        return new TaskRun(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                rs.getObject(4, OffsetDateTime.class), rs.getString(5), rs.getString(6), rs.getString(7),
                rs.getObject(8, OffsetDateTime.class), rs.getObject(9, OffsetDateTime.class),
                (Integer) rs.getObject(10), (Integer) rs.getObject(11), rs.getString(12), rs.getString(13));
    }
}
