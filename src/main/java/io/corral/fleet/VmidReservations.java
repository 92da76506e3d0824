package io.corral.fleet;

import io.corral.platform.db.Jdbc;
import io.corral.platform.error.ConflictProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.UUID;

/**
 * VMIDs Corral hands out, unique per agent (one Proxmox cluster) in the database: from the
 * configured range, never one that a guest of that agent has or another reservation holds.
 * Reservations join the caller's transaction, so a clone that is not queued reserves nothing.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class VmidReservations {
    @Inject
    Jdbc jdbc;

    @Inject
    FleetSettings settings;

    /** Reserves {@code count} free VMIDs for {@code holder}, lowest first; 409 when the range has fewer. */
    public List<Integer> reserve(UUID agentId, int count, String holder) {
        int[] range = settings.vmidRange();
        // One reserver per agent at a time: two concurrent runs never pick the same free VMID.
        jdbc.query("select pg_advisory_xact_lock(hashtext('vmid:' || ?))", rs -> null, agentId.toString());
        List<Integer> vmids = jdbc.query("insert into vmid_reservation (agent_id, vmid, holder, reserved_at) "
                + "select ?, v, ?, now() from generate_series(?, ?) v "
                + "where not exists (select 1 from vm where vm.agent_id = ? and vm.vmid = v) "
                + "and not exists (select 1 from vmid_reservation r where r.agent_id = ? and r.vmid = v) "
                + "order by v limit ? returning vmid", rs -> rs.getInt(1),
                agentId, holder, range[0], range[1], agentId, agentId, count);
        if (vmids.size() < count) {
            throw new ConflictProblem("VMID_RANGE_EXHAUSTED", "Only " + vmids.size() + " free VMIDs left in "
                    + range[0] + "-" + range[1] + " for agent " + agentId + "; " + count + " needed");
        }
        return vmids;
    }

    /** Gives a VMID back (its clone failed for good). */
    public void release(UUID agentId, int vmid) {
        jdbc.update("delete from vmid_reservation where agent_id = ? and vmid = ?", agentId, vmid);
    }

    /** Gives a VMID back unless a guest was seen with it (then the guest's disappearance releases it). */
    public void releaseUnseen(UUID agentId, int vmid) {
        jdbc.update("delete from vmid_reservation where agent_id = ? and vmid = ? and seen_at is null "
                + "and not exists (select 1 from vm where vm.agent_id = ? and vm.vmid = ?)", agentId, vmid, agentId, vmid);
    }

    /** Whether this VMID is reserved for this agent. */
    public boolean reserved(UUID agentId, int vmid) {
        return jdbc.one("select 1 from vmid_reservation where agent_id = ? and vmid = ?", rs -> 1, agentId, vmid)
                .isPresent();
    }
}
