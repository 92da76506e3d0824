package io.corral.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * Final commands older than the retention, written straight into the stack's PostgreSQL for the
 * prune benchmark: on an agent of their own that never polls, finished 40–70 days ago in every
 * final state, each with its event trail.
 */
final class OldCommands {

    private static final int BATCH = 100_000;
    private final String[] db;

    OldCommands(String[] db) {
        this.db = db;
    }

    /** Inserts {@code commands} final commands with {@code events} events each on {@code agentId}. */
    void seed(String agentId, int commands, int events) throws SQLException {
        try (Connection c = connect()) {
            for (int from = 0; from < commands; from += BATCH) {
                int to = Math.min(commands, from + BATCH);
                try (PreparedStatement ps = c.prepareStatement(
                        "with made as (insert into command (id, agent_id, type, payload, status, expires_at, created_by, "
                                + "created_at, leased_at, started_at, finished_at, attempt, result) "
                                + "select gen_random_uuid(), ?::uuid, 'proxmox.list', jsonb_build_object('n', g), "
                                + "(array['succeeded','failed','expired','cancelled'])[1 + g % 4], t + interval '10 minutes', "
                                + "'bench-seed', t, t + interval '1 second', t + interval '2 seconds', t + interval '3 seconds', 1, "
                                + "'{\"guests\": []}'::jsonb "
                                + "from (select g, now() - interval '70 days' + (g * interval '30 days' / ?) as t "
                                + "from generate_series(?, ?) g) s returning id, finished_at, status) "
                                + "insert into command_event (command_id, at, from_status, to_status, actor, detail) "
                                + "select m.id, m.finished_at, case when e = 1 then null else 'queued' end, "
                                + "case when e = 1 then 'queued' else m.status end, 'bench-seed', 'seeded by PruneBench' "
                                + "from made m cross join generate_series(1, ?) e")) {
                    ps.setString(1, agentId);
                    ps.setLong(2, commands);
                    ps.setInt(3, from + 1);
                    ps.setInt(4, to);
                    ps.setInt(5, events);
                    ps.executeUpdate();
                }
            }
        }
    }

    /** Statistics fresh and the seed's WAL flushed, so the next phase does not pay for the seeding. */
    void settle() throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("vacuum analyze command");
            st.execute("vacuum analyze command_event");
            st.execute("checkpoint");
        }
    }

    long count(String sql) throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Final commands older than {@code days} days on {@code agentId}. */
    long oldFinal(String agentId, int days) throws SQLException {
        return count("select count(*) from command where agent_id = '" + UUID.fromString(agentId) + "' and status in "
                + "('succeeded','failed','expired','cancelled') and finished_at < now() - interval '" + days + " days'");
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(db[0], db[1], db[2]);
    }
}
