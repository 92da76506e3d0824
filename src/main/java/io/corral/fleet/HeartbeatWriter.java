package io.corral.fleet;

import io.corral.platform.db.DataSourceConfig;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Writes a heartbeat: the agent's sign of life and self-description, and its node and guest
 * inventory, replaced as a whole in the same transaction (guests Proxmox no longer lists go).
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.MANDATORY)
public class HeartbeatWriter {
    private static final String TOUCH_AGENT = """
            update agent set last_seen_at = ?, version = ?, capabilities = ?, started_at = ?,
              pve_reachable = ?, pve_version = ?, pve_error = ? where id = ?
            """;
    private static final String UPSERT_NODE = """
            insert into node (agent_id, name, status, cpu, maxcpu, mem, maxmem, uptime, updated_at)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?)
            on conflict (agent_id, name) do update set status = excluded.status, cpu = excluded.cpu,
              maxcpu = excluded.maxcpu, mem = excluded.mem, maxmem = excluded.maxmem,
              uptime = excluded.uptime, updated_at = excluded.updated_at
            """;
    private static final String UPSERT_VM = """
            insert into vm (id, agent_id, node, vmid, type, name, status, template, lock, cpu, mem, maxmem,
                            maxdisk, uptime, first_seen_at, last_seen_at)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            on conflict (agent_id, vmid) do update set node = excluded.node, type = excluded.type,
              name = excluded.name, status = excluded.status, template = excluded.template,
              lock = excluded.lock, cpu = excluded.cpu, mem = excluded.mem, maxmem = excluded.maxmem,
              maxdisk = excluded.maxdisk, uptime = excluded.uptime, last_seen_at = excluded.last_seen_at
            """;

    @Resource(lookup = DataSourceConfig.JNDI_NAME)
    DataSource dataSource;

    public void touch(UUID agentId, HeartbeatReport r, String capabilitiesJson, OffsetDateTime now)
            throws SQLException {
        HeartbeatReport.Pve pve = r.pve() == null ? new HeartbeatReport.Pve(null, null, null) : r.pve();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(TOUCH_AGENT)) {
            ps.setObject(1, now);
            ps.setString(2, truncate(r.version(), 50));
            ps.setString(3, capabilitiesJson);
            ps.setObject(4, r.startedAt(), Types.TIMESTAMP_WITH_TIMEZONE);
            ps.setObject(5, pve.reachable(), Types.BOOLEAN);
            ps.setString(6, truncate(pve.version(), 50));
            ps.setString(7, truncate(pve.error(), 500));
            ps.setObject(8, agentId);
            ps.executeUpdate();
        }
    }

    /** @return how many guests disappeared since the previous report */
    public int replaceInventory(UUID agentId, List<HeartbeatReport.NodeReport> nodes,
                       List<HeartbeatReport.GuestReport> guests, OffsetDateTime now) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            writeNodes(c, agentId, nodes, now);
            writeGuests(c, agentId, guests, now);
            deleteMissing(c, "delete from node where agent_id = ? and updated_at < ?", agentId, now);
            return deleteMissing(c, "delete from vm where agent_id = ? and last_seen_at < ?", agentId, now);
        }
    }

    private static void writeNodes(Connection c, UUID agentId, List<HeartbeatReport.NodeReport> nodes,
                                   OffsetDateTime now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(UPSERT_NODE)) {
            for (HeartbeatReport.NodeReport n : nodes) {
                ps.setObject(1, agentId);
                ps.setString(2, n.name());
                ps.setString(3, n.status() == null ? "unknown" : n.status());
                ps.setObject(4, n.cpu(), Types.DOUBLE);
                ps.setObject(5, n.maxcpu(), Types.INTEGER);
                ps.setObject(6, n.mem(), Types.BIGINT);
                ps.setObject(7, n.maxmem(), Types.BIGINT);
                ps.setObject(8, n.uptime(), Types.BIGINT);
                ps.setObject(9, now);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void writeGuests(Connection c, UUID agentId, List<HeartbeatReport.GuestReport> guests,
                                    OffsetDateTime now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(UPSERT_VM)) {
            for (HeartbeatReport.GuestReport g : guests) {
                ps.setObject(1, UUID.randomUUID());
                ps.setObject(2, agentId);
                ps.setString(3, g.node());
                ps.setInt(4, g.vmid());
                ps.setString(5, g.type());
                ps.setString(6, g.name());
                ps.setString(7, g.status() == null ? "unknown" : g.status());
                ps.setBoolean(8, Boolean.TRUE.equals(g.template()));
                ps.setString(9, g.lock());
                ps.setObject(10, g.cpu(), Types.DOUBLE);
                ps.setObject(11, g.mem(), Types.BIGINT);
                ps.setObject(12, g.maxmem(), Types.BIGINT);
                ps.setObject(13, g.maxdisk(), Types.BIGINT);
                ps.setObject(14, g.uptime(), Types.BIGINT);
                ps.setObject(15, now);
                ps.setObject(16, now);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static int deleteMissing(Connection c, String sql, UUID agentId, OffsetDateTime now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, agentId);
            ps.setObject(2, now);
            return ps.executeUpdate();
        }
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
