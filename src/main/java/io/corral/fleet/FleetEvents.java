package io.corral.fleet;

import io.corral.platform.db.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Writes and reads the fleet events. Written in the transaction of the change they describe (when
 * there is one), so an event exists exactly when its change does.
 */
@ApplicationScoped
public class FleetEvents {
    private static final String COLUMNS =
            "id, at, subject_type, subject_id, subject_name, agent_id, kind, from_value, to_value, reason, actor";
    private static final String INSERT = "insert into fleet_event (at, subject_type, subject_id, subject_name, "
            + "agent_id, kind, from_value, to_value, reason, actor) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    @Inject
    Jdbc jdbc;

    @Transactional
    public void record(List<FleetEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>(events.size());
        for (FleetEvent e : events) {
            rows.add(new Object[] {e.at(), e.subjectType(), e.subjectId(), truncate(e.subjectName(), 200), e.agentId(),
                    e.kind(), truncate(e.from(), 40), truncate(e.to(), 40), truncate(e.reason(), 1000),
                    truncate(e.actor(), 100)});
        }
        jdbc.batch(INSERT, rows);
    }

    @Transactional
    public void record(FleetEvent event) {
        record(List.of(event));
    }

    /**
     * Events after {@code afterId} (0: from the oldest kept), oldest first, optionally about one subject
     * or of one kind, at most {@code limit}.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<FleetEvent> after(long afterId, UUID subjectId, String kind, OffsetDateTime since, int limit) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from fleet_event where id > ?");
        List<Object> params = new ArrayList<>(List.of(afterId));
        if (subjectId != null) {
            sql.append(" and subject_id = ?");
            params.add(subjectId);
        }
        if (kind != null) {
            sql.append(" and kind = ?");
            params.add(kind);
        }
        if (since != null) {
            sql.append(" and at >= ?");
            params.add(since);
        }
        sql.append(" order by id limit ?");
        params.add(limit);
        return jdbc.query(sql.toString(), FleetEvents::map, params.toArray());
    }

    private static FleetEvent map(ResultSet rs) throws SQLException {
        return new FleetEvent(rs.getLong("id"), rs.getObject("at", OffsetDateTime.class), rs.getString("subject_type"),
                rs.getObject("subject_id", UUID.class), rs.getString("subject_name"),
                rs.getObject("agent_id", UUID.class), rs.getString("kind"), rs.getString("from_value"),
                rs.getString("to_value"), rs.getString("reason"), rs.getString("actor"));
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
