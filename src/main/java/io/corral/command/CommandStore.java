package io.corral.command;

import io.corral.platform.db.DataSourceConfig;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The command table. Every state change is one conditional UPDATE that names the states it
 * expects; the rows it returns are the transitions that happened, so a racing caller that
 * lost simply gets nothing back.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class CommandStore {
    static final String LIVE = "('queued', 'leased', 'running')";

    @Resource(lookup = DataSourceConfig.JNDI_NAME)
    DataSource dataSource;

    /** Inserts the command unless a live one holds the same dedupe key; empty when it does. */
    public Optional<CommandRow> insert(NewCommand c) {
        String sql = "insert into command (id, agent_id, type, payload, priority, status, dedupe_key, lock_key, "
                + "max_attempts, expires_at, stale_after_s, created_by, created_at) "
                + "values (?, ?, ?, ?::jsonb, ?, 'queued', ?, ?, ?, ?, ?, ?, now()) "
                + "on conflict (agent_id, dedupe_key) where dedupe_key is not null and status in " + LIVE
                + " do nothing returning " + CommandRow.COLUMNS;
        return one(sql, UUID.randomUUID(), c.agentId(), c.type(), c.payload(), c.priority(), c.dedupeKey(),
                c.lockKey(), c.maxAttempts(), c.expiresAt(), c.staleAfterSeconds(), c.createdBy());
    }

    public Optional<CommandRow> findLiveByDedupeKey(UUID agentId, String dedupeKey) {
        return one("select " + CommandRow.COLUMNS + " from command where agent_id = ? and dedupe_key = ? "
                + "and status in " + LIVE, agentId, dedupeKey);
    }

    /** True when the stored command has this type and an equal payload (JSON equality). */
    public boolean sameRequest(UUID id, String type, String payload) {
        return query("select type = ? and payload = ?::jsonb from command where id = ?",
                rs -> rs.getBoolean(1), type, payload, id).stream().findFirst().orElse(false);
    }

    public Optional<CommandRow> find(UUID id) {
        return one("select " + CommandRow.COLUMNS + " from command where id = ?", id);
    }

    /**
     * Leases up to {@code max} queued commands of one agent, highest priority first, never two
     * with the same lock key and none whose lock key is held by a leased or running command.
     * Claims of one agent are serialized by an advisory lock so the lock-key check holds.
     */
    public List<CommandRow> claim(UUID agentId, int max, int leaseSeconds) {
        execute("select pg_advisory_xact_lock(?)", agentId.getMostSignificantBits() ^ agentId.getLeastSignificantBits());
        List<Object[]> candidates = query("select c.id, c.lock_key from command c where c.agent_id = ? "
                + "and c.status = 'queued' and c.expires_at > now() and (c.lock_key is null or not exists "
                + "(select 1 from command o where o.lock_key = c.lock_key and o.agent_id = c.agent_id "
                + "and o.status in ('leased', 'running'))) order by c.priority desc, c.created_at limit ? "
                + "for update skip locked", rs -> new Object[] {rs.getObject(1, UUID.class), rs.getString(2)},
                agentId, Math.min(max * 4, 400));
        List<UUID> chosen = new ArrayList<>();
        List<String> locks = new ArrayList<>();
        for (Object[] c : candidates) {
            String lock = (String) c[1];
            if (lock == null || !locks.contains(lock)) {
                chosen.add((UUID) c[0]);
                if (lock != null) {
                    locks.add(lock);
                }
            }
            if (chosen.size() == max) {
                break;
            }
        }
        if (chosen.isEmpty()) {
            return List.of();
        }
        return list("update command set status = 'leased', attempt = attempt + 1, leased_at = now(), "
                + "lease_expires_at = now() + make_interval(secs => ?) where id = any(?) and status = 'queued' "
                + "returning " + CommandRow.COLUMNS, leaseSeconds, chosen.toArray(new UUID[0]));
    }

    public Optional<CommandRow> start(UUID id, UUID agentId) {
        return one("update command set status = 'running', started_at = now(), progress_at = now() "
                + "where id = ? and agent_id = ? and status = 'leased' returning " + CommandRow.COLUMNS, id, agentId);
    }

    public boolean progress(UUID id, UUID agentId, String progressJson, String upid) {
        return update("update command set progress = ?::jsonb, upid = coalesce(?, upid), progress_at = now() "
                + "where id = ? and agent_id = ? and status = 'running'", progressJson, upid, id, agentId) == 1;
    }

    /** Moves a leased or running command to a final state; returns the state it left. */
    public Optional<CommandStatus> finish(UUID id, UUID agentId, CommandStatus to, String resultJson,
                                          String errorCode, String errorMessage) {
        return query("with prev as (select id, status from command where id = ? and agent_id = ? "
                + "and status in ('leased', 'running') for update) update command c set status = ?, "
                + "result = ?::jsonb, error_code = ?, error_message = ?, finished_at = now(), "
                + "started_at = coalesce(c.started_at, now()) from prev where c.id = prev.id returning prev.status",
                rs -> CommandStatus.parse(rs.getString(1)), id, agentId, to.value(), resultJson, errorCode,
                errorMessage).stream().findFirst();
    }

    /** Cancels a queued or leased command at once; returns the state it left. */
    public Optional<CommandStatus> cancelNotStarted(UUID id) {
        return query("with prev as (select id, status from command where id = ? and status in ('queued', 'leased') "
                + "for update) update command c set status = 'cancelled', cancel_requested = true, "
                + "finished_at = now(), error_code = 'CANCELLED', error_message = 'Cancelled before it started' "
                + "from prev where c.id = prev.id returning prev.status",
                rs -> CommandStatus.parse(rs.getString(1)), id).stream().findFirst();
    }

    /** Asks the agent to stop a running command; true if this call made the request. */
    public boolean requestCancel(UUID id) {
        return update("update command set cancel_requested = true where id = ? and status = 'running' "
                + "and not cancel_requested", id) == 1;
    }

    /** Cancellation requests the agent has not been told of in the last 30 s. */
    public List<UUID> cancellationsToDeliver(UUID agentId) {
        return query("update command set cancel_delivered_at = now() where agent_id = ? and status = 'running' "
                + "and cancel_requested and (cancel_delivered_at is null or cancel_delivered_at < now() - "
                + "interval '30 seconds') returning id", rs -> rs.getObject(1, UUID.class), agentId);
    }

    public void record(List<Transition> transitions) {
        if (transitions.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("insert into command_event (command_id, at, from_status, "
                     + "to_status, actor, detail) values (?, clock_timestamp(), ?, ?, ?, ?)")) {
            for (Transition t : transitions) {
                ps.setObject(1, t.commandId());
                ps.setString(2, t.from() == null ? null : t.from().value());
                ps.setString(3, t.to().value());
                ps.setString(4, t.actor());
                ps.setString(5, t.detail() == null || t.detail().length() <= 2000 ? t.detail()
                        : t.detail().substring(0, 2000));
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot record command events", e);
        }
    }

    // --- small JDBC helpers -------------------------------------------------------------

    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    public Optional<CommandRow> one(String sql, Object... params) {
        return list(sql, params).stream().findFirst();
    }

    public List<CommandRow> list(String sql, Object... params) {
        return query(sql, CommandRow::read, params);
    }

    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(c, ps, params);
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("Command query failed: " + e.getMessage(), e);
        }
    }

    public int update(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(c, ps, params);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Command update failed: " + e.getMessage(), e);
        }
    }

    public void execute(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(c, ps, params);
            ps.execute();
        } catch (SQLException e) {
            throw new IllegalStateException("Command statement failed: " + e.getMessage(), e);
        }
    }

    private static void bind(Connection c, PreparedStatement ps, Object[] params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            if (p == null) {
                ps.setNull(i + 1, Types.NULL);
            } else if (p instanceof UUID[] ids) {
                ps.setArray(i + 1, c.createArrayOf("uuid", ids));
            } else {
                ps.setObject(i + 1, p);
            }
        }
    }
}
