package io.corral.fleet;

import io.corral.platform.error.NotFoundProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Links of external services to guests, with history: linking is idempotent while a link is current,
 * unlinking ends the link and keeps it. Each change of a reported guest writes a fleet event
 * ({@code service}) in the same transaction.
 */
@ApplicationScoped
@Transactional
public class ServiceLinkService {
    private static final Logger LOG = Logger.getLogger(ServiceLinkService.class.getName());
    private static final String KIND = "service";

    @Inject
    Clock clock;

    @Inject
    ServiceLinkStore store;

    @Inject
    VmService vms;

    @Inject
    FleetEvents events;

    /** A link and whether this call made it (false: the guest was linked already). */
    public record Linked(ServiceLinkView link, boolean created) {
    }

    /**
     * Links each guest to the service; a guest linked already keeps its link.
     *
     * @throws NotFoundProblem for the first unknown guest, and then links none
     */
    public List<Linked> link(String serviceId, List<UUID> vmIds, String by) {
        List<Vm> guests = new ArrayList<>();
        for (UUID id : new LinkedHashSet<>(vmIds)) {
            guests.add(vms.find(id).orElseThrow(() -> new NotFoundProblem("VM", id)));
        }
        List<Linked> out = new ArrayList<>(guests.size());
        for (Vm vm : guests) {
            out.add(linkOne(serviceId, vm, by));
        }
        return out;
    }

    private Linked linkOne(String serviceId, Vm vm, String by) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        store.resolveGuest(vm.getAgentId(), vm.getVmid());
        var current = store.current(serviceId, vm.getAgentId(), vm.getVmid());
        if (current.isPresent() && vm.getId().equals(current.get().vmId())) {
            return new Linked(current.get(), false);
        }
        // A current link at this VMID to another guest id: that guest is gone and its VMID was reused.
        current.ifPresent(old -> store.end(old.id(), now, by, "guest gone; VMID reused"));
        UUID id = UUID.randomUUID();
        if (!store.insert(id, serviceId, vm.getAgentId(), vm.getVmid(), vm.getId(), vm.getName(), now, by)) {
            return new Linked(store.current(serviceId, vm.getAgentId(), vm.getVmid()).orElseThrow(), false);
        }
        events.record(FleetEvent.vm(now, vm.getId(), vm.getName(), vm.getAgentId(), KIND, null, serviceId,
                "linked to service " + serviceId, by));
        LOG.info(() -> "Service link: service=" + serviceId + " vm=" + vm.getId() + " by=" + by);
        return new Linked(store.find(id).orElseThrow(), true);
    }

    /**
     * Links the guest a clone run made, by agent and VMID: its agent may not have reported it yet.
     * Never throws for a bad service id (runs created before ids were checked): it logs and links nothing,
     * so the caller's transaction is not spoilt.
     */
    public void linkGuest(String serviceId, UUID agentId, int vmid, String name, String by) {
        if (!ServiceIds.valid(serviceId)) {
            LOG.warning(() -> "Not linking guest " + agentId + "/" + vmid + ": '" + serviceId + "' is no service id");
            return;
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        UUID id = UUID.randomUUID();
        if (!store.insert(id, serviceId, agentId, vmid, null, name, now, by)) {
            return; // linked already
        }
        store.resolveGuest(agentId, vmid);
        ServiceLinkView link = store.find(id).orElseThrow();
        if (link.vmId() != null) {
            events.record(FleetEvent.vm(now, link.vmId(), name, agentId, KIND, null, serviceId,
                    "linked to service " + serviceId, by));
        }
        LOG.info(() -> "Service link: service=" + serviceId + " guest=" + agentId + "/" + vmid + " by=" + by);
    }

    /** Ends the service's current link to the guest, keeping it as history; 404 when there is none. */
    public ServiceLinkView unlink(String serviceId, UUID vmId, String by) {
        store.resolveVm(vmId);
        OffsetDateTime now = OffsetDateTime.now(clock);
        UUID ended = store.endForVm(serviceId, vmId, now, by, "unlinked")
                .orElseThrow(() -> new NotFoundProblem("Link of service " + serviceId + " to VM", vmId));
        ServiceLinkView link = store.find(ended).orElseThrow();
        events.record(FleetEvent.vm(now, vmId, link.vmName(), link.agentId(), KIND, serviceId, null,
                "unlinked from service " + serviceId, by));
        LOG.info(() -> "Service unlink: service=" + serviceId + " vm=" + vmId + " by=" + by);
        return link;
    }

    /** The service's current links, or all of them ({@code history}), oldest first. */
    public List<ServiceLinkView> ofService(String serviceId, boolean history) {
        store.resolveService(serviceId);
        return store.ofService(serviceId, history);
    }

    /** The guest's current links, or all of them; 404 when the guest is unknown and never was linked. */
    public List<ServiceLinkView> ofVm(UUID vmId, boolean history) {
        store.resolveVm(vmId);
        List<ServiceLinkView> links = store.ofVm(vmId, history);
        if (links.isEmpty() && vms.find(vmId).isEmpty() && (history || store.ofVm(vmId, true).isEmpty())) {
            throw new NotFoundProblem("VM", vmId);
        }
        return links;
    }

    /** Every service ever linked, with how many guests it is linked to now. */
    public List<ServiceSummaryView> services() {
        return store.summaries();
    }
}
