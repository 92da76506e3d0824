package io.corral.fleet;

import io.corral.platform.db.Jdbc;
import jakarta.inject.Inject;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes a heartbeat: the agent's sign of life and self-description, and its node and guest
 * inventory, replaced as a whole in the same transaction (guests Proxmox no longer lists go).
 * Plain JDBC: a heartbeat rewrites hundreds of rows per agent every few seconds, which is one
 * batched statement per table here and thousands of entity operations under JPA.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.MANDATORY)
public class HeartbeatWriter {
    private static final String TOUCH_AGENT = """
            update agent set last_seen_at = ?, version = ?, capabilities = ?, started_at = ?,
              heartbeat_seconds = ?, health = ?::jsonb, pve_reachable = ?, pve_version = ?, pve_error = ?
             where id = ?
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
                            maxdisk, uptime, first_seen_at, last_seen_at, last_active_at)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            on conflict (agent_id, vmid) do update set node = excluded.node, type = excluded.type,
              name = excluded.name, status = excluded.status, template = excluded.template,
              lock = excluded.lock, cpu = excluded.cpu, mem = excluded.mem, maxmem = excluded.maxmem,
              maxdisk = excluded.maxdisk, uptime = excluded.uptime, last_seen_at = excluded.last_seen_at,
              last_active_at = case when vm.last_heartbeat_at is null and excluded.last_active_at is not null
                                    then excluded.last_active_at else vm.last_active_at end
            """;

    @Inject
    Jdbc jdbc;

    @Inject
    FleetSettings settings;

    @Inject
    FleetEvents events;


    public void touch(UUID agentId, HeartbeatReport r, String capabilitiesJson, String healthJson,
                      OffsetDateTime now) {
        HeartbeatReport.Pve pve = r.pve() == null ? new HeartbeatReport.Pve(null, null, null) : r.pve();
        jdbc.update(TOUCH_AGENT, now, r.version(), capabilitiesJson, r.startedAt(), r.heartbeatSeconds(), healthJson,
                pve.reachable(), pve.version(), truncate(pve.error(), 500), agentId);
    }

    /** @return how many guests disappeared since the previous report */
    public int replaceInventory(UUID agentId, List<HeartbeatReport.NodeReport> nodes,
                                List<HeartbeatReport.GuestReport> guests, OffsetDateTime now) {
        List<Object[]> nodeRows = new ArrayList<>(nodes.size());
        for (HeartbeatReport.NodeReport n : nodes) {
            nodeRows.add(new Object[] {agentId, n.name(), n.status() == null ? "unknown" : n.status(), n.cpu(),
                    n.maxcpu(), n.mem(), n.maxmem(), n.uptime(), now});
        }
        jdbc.batch(UPSERT_NODE, nodeRows);
        List<InventoryChanges.Known> before = jdbc.query("select id, vmid, name, status from vm where agent_id = ?",
                rs -> new InventoryChanges.Known(rs.getObject(1, UUID.class), rs.getInt(2), rs.getString(3),
                        rs.getString(4)), agentId);
        Map<Integer, UUID> ids = new HashMap<>(before.size() * 2);
        before.forEach(k -> ids.put(k.vmid(), k.id()));
        List<InventoryChanges.Reported> reported = new ArrayList<>(guests.size());
        List<Object[]> guestRows = new ArrayList<>(guests.size());
        double activeCpu = settings.vmActiveCpu();
        for (HeartbeatReport.GuestReport g : guests) {
            // Without an in-VM helper, a guest is in use while it keeps its CPUs busy.
            boolean busy = "running".equals(g.status()) && g.cpu() != null && g.cpu() >= activeCpu;
            UUID id = ids.computeIfAbsent(g.vmid(), v -> UUID.randomUUID());
            String status = g.status() == null ? "unknown" : g.status();
            reported.add(new InventoryChanges.Reported(id, g.vmid(), g.name(), status));
            guestRows.add(new Object[] {id, agentId, g.node(), g.vmid(), g.type(), g.name(),
                    status, Boolean.TRUE.equals(g.template()), g.lock(), g.cpu(),
                    g.mem(), g.maxmem(), g.maxdisk(), g.uptime(), now, now, busy ? now : null});
        }
        jdbc.batch(UPSERT_VM, guestRows);
        jdbc.update("delete from node where agent_id = ? and updated_at < ?", agentId, now);
        int gone = jdbc.update("delete from vm where agent_id = ? and last_seen_at < ?", agentId, now);
        // In the same transaction: an event exists exactly when its change does.
        events.record(InventoryChanges.between(agentId, before, reported, now));
        // A reserved VMID is kept while its guest exists and given back once the guest, seen
        // before, is gone (destroyed); one never seen is released by whoever reserved it.
        jdbc.update("update vmid_reservation r set seen_at = ? where agent_id = ? and seen_at is null "
                + "and exists (select 1 from vm where vm.agent_id = r.agent_id and vm.vmid = r.vmid)", now, agentId);
        jdbc.update("delete from vmid_reservation r where agent_id = ? and seen_at is not null "
                + "and not exists (select 1 from vm where vm.agent_id = r.agent_id and vm.vmid = r.vmid)", agentId);
        return gone;
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
