package io.corral.platform.audit;

import io.corral.platform.db.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** Writes and reads the audit log. A row is written outside the caller's transaction rules: it is one insert. */
@ApplicationScoped
public class AuditLog {
    public static final String OK = "ok";
    public static final String DENIED = "denied";
    public static final String FAILED = "failed";

    private static final String COLUMNS = "id, at, actor, role, action, target_type, target_id, outcome, detail";

    @Inject
    Jdbc jdbc;

    @Inject
    Clock clock;

    public void record(String actor, String role, String action, String targetType, String targetId, String outcome,
                       String detail) {
        jdbc.update("insert into audit_event (at, actor, role, action, target_type, target_id, outcome, detail) "
                        + "values (?, ?, ?, ?, ?, ?, ?, ?)", OffsetDateTime.now(clock), cut(actor, 100), role,
                cut(action, 60), cut(targetType, 30), cut(targetId, 100), outcome, cut(detail, 1000));
    }

    /** Newest first; {@code text} matches actor, action or target (case-insensitive), {@code outcome} exactly. */
    public List<AuditEvent> list(String text, String outcome, int offset, int limit) {
        List<Object> params = new ArrayList<>();
        String where = where(text, outcome, params);
        params.add(limit);
        params.add(offset);
        return jdbc.query("select " + COLUMNS + " from audit_event" + where + " order by at desc, id desc limit ? offset ?",
                AuditLog::map, params.toArray());
    }

    public int count(String text, String outcome) {
        List<Object> params = new ArrayList<>();
        String where = where(text, outcome, params);
        return jdbc.one("select count(*) from audit_event" + where, rs -> rs.getInt(1), params.toArray()).orElse(0);
    }

    private static String where(String text, String outcome, List<Object> params) {
        List<String> terms = new ArrayList<>();
        if (text != null && !text.isBlank()) {
            terms.add("(actor ilike ? or action ilike ? or target_id ilike ? or detail ilike ?)");
            String like = "%" + text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            params.add(like);
            params.add(like);
            params.add(like);
            params.add(like);
        }
        if (outcome != null && !outcome.isBlank()) {
            terms.add("outcome = ?");
            params.add(outcome);
        }
        return terms.isEmpty() ? "" : " where " + String.join(" and ", terms);
    }

    private static AuditEvent map(ResultSet rs) throws SQLException {
        return new AuditEvent(rs.getLong("id"), rs.getObject("at", OffsetDateTime.class), rs.getString("actor"),
                rs.getString("role"), rs.getString("action"), rs.getString("target_type"), rs.getString("target_id"),
                rs.getString("outcome"), rs.getString("detail"));
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
