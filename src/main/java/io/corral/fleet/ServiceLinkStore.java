package io.corral.fleet;

import io.corral.platform.db.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The SQL of {@code service_link}: links of external services to guests, ended rather than deleted. */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class ServiceLinkStore {
    private static final String SELECT = """
            select l.id, l.service_id, l.vm_id, l.agent_id, l.vmid, l.vm_name,
              case when l.vm_id is null then 'pending'
                   when exists (select 1 from vm where vm.id = l.vm_id) then 'present' else 'gone' end as guest,
              l.linked_at, l.linked_by, l.unlinked_at, l.unlinked_by, l.unlink_reason
              from service_link l
            """;
    private static final String CURRENT_OF_SERVICE = SELECT
            + " where l.service_id = ? and l.unlinked_at is null order by l.linked_at, l.id";
    private static final String ALL_OF_SERVICE = SELECT + " where l.service_id = ? order by l.linked_at, l.id";
    private static final String CURRENT_OF_VM = SELECT
            + " where l.vm_id = ? and l.unlinked_at is null order by l.service_id";
    private static final String ALL_OF_VM = SELECT + " where l.vm_id = ? order by l.linked_at, l.id";
    private static final String CURRENT_OF_GUEST = SELECT
            + " where l.service_id = ? and l.agent_id = ? and l.vmid = ? and l.unlinked_at is null";
    private static final String BY_ID = SELECT + " where l.id = ?";
    private static final String INSERT = """
            insert into service_link (id, service_id, agent_id, vmid, vm_id, vm_name, linked_at, linked_by)
            values (?, ?, ?, ?, ?, ?, ?, ?)
            on conflict (service_id, agent_id, vmid) where unlinked_at is null do nothing
            """;
    /**
     * A clone's guest is linked before its agent reports it; it gets its id once it is in the inventory
     * (by agent and VMID, which Corral keeps reserved until the guest was seen). Resolved where links are
     * read or changed, for just those links, so no statement locks every pending link at once.
     */
    private static final String RESOLVE = """
            update service_link l set vm_id = v.id from vm v
             where l.vm_id is null and l.unlinked_at is null and v.agent_id = l.agent_id and v.vmid = l.vmid
            """;
    private static final String RESOLVE_SERVICE = RESOLVE + " and l.service_id = ?";
    private static final String RESOLVE_GUEST = RESOLVE + " and l.agent_id = ? and l.vmid = ?";
    private static final String RESOLVE_VM = RESOLVE + " and v.id = ?";
    private static final String END = """
            update service_link set unlinked_at = ?, unlinked_by = ?, unlink_reason = ?
             where id = ? and unlinked_at is null
            """;
    private static final String END_FOR_VM = """
            update service_link set unlinked_at = ?, unlinked_by = ?, unlink_reason = ?
             where service_id = ? and vm_id = ? and unlinked_at is null returning id
            """;
    private static final String SUMMARY = """
            select service_id, count(*) filter (where unlinked_at is null), max(linked_at)
              from service_link group by service_id order by service_id
            """;

    @Inject
    Jdbc jdbc;

    public void resolveService(String serviceId) {
        jdbc.update(RESOLVE_SERVICE, serviceId);
    }

    public void resolveGuest(UUID agentId, int vmid) {
        jdbc.update(RESOLVE_GUEST, agentId, vmid);
    }

    public void resolveVm(UUID vmId) {
        jdbc.update(RESOLVE_VM, vmId);
    }

    public List<ServiceLinkView> ofService(String serviceId, boolean history) {
        return jdbc.query(history ? ALL_OF_SERVICE : CURRENT_OF_SERVICE, ServiceLinkStore::map, serviceId);
    }

    public List<ServiceLinkView> ofVm(UUID vmId, boolean history) {
        return jdbc.query(history ? ALL_OF_VM : CURRENT_OF_VM, ServiceLinkStore::map, vmId);
    }

    public Optional<ServiceLinkView> current(String serviceId, UUID agentId, int vmid) {
        return jdbc.one(CURRENT_OF_GUEST, ServiceLinkStore::map, serviceId, agentId, vmid);
    }

    public Optional<ServiceLinkView> find(UUID id) {
        return jdbc.one(BY_ID, ServiceLinkStore::map, id);
    }

    /** @return false when the guest already has a current link to the service (another caller won) */
    public boolean insert(UUID id, String serviceId, UUID agentId, int vmid, UUID vmId, String vmName,
                          OffsetDateTime at, String by) {
        return jdbc.update(INSERT, id, serviceId, agentId, vmid, vmId, vmName, at, by) == 1;
    }

    public boolean end(UUID linkId, OffsetDateTime at, String by, String reason) {
        return jdbc.update(END, at, by, reason, linkId) == 1;
    }

    /** Ends the current link of the service to the guest; the ended link's id, empty when there was none. */
    public Optional<UUID> endForVm(String serviceId, UUID vmId, OffsetDateTime at, String by, String reason) {
        return jdbc.one(END_FOR_VM, rs -> rs.getObject(1, UUID.class), at, by, reason, serviceId, vmId);
    }

    public List<ServiceSummaryView> summaries() {
        return jdbc.query(SUMMARY, rs -> new ServiceSummaryView(rs.getString(1), rs.getInt(2),
                rs.getObject(3, OffsetDateTime.class)));
    }

    private static ServiceLinkView map(ResultSet rs) throws SQLException {
        return new ServiceLinkView(rs.getObject("id", UUID.class), rs.getString("service_id"),
                rs.getObject("vm_id", UUID.class), rs.getObject("agent_id", UUID.class), rs.getInt("vmid"),
                rs.getString("vm_name"), rs.getString("guest"), rs.getObject("linked_at", OffsetDateTime.class),
                rs.getString("linked_by"), rs.getObject("unlinked_at", OffsetDateTime.class),
                rs.getString("unlinked_by"), rs.getString("unlink_reason"));
    }
}
