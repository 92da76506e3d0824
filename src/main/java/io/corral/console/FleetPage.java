package io.corral.console;

import io.corral.fleet.AgentService;
import io.corral.fleet.AgentView;
import io.corral.fleet.FleetSettings;
import io.corral.fleet.VmQuery;
import io.corral.fleet.VmService;
import io.corral.fleet.VmView;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.security.enterprise.SecurityContext;

import java.time.OffsetDateTime;
import java.util.List;

/** Faces bean of {@code console/index.xhtml}: agents with liveness and the VMs they report. */
@Named
@RequestScoped
public class FleetPage {
    @Inject
    AgentService agentService;

    @Inject
    VmService vmService;

    @Inject
    FleetSettings settings;

    @Inject
    SecurityContext securityContext;

    private List<AgentView> agents;
    private List<VmView> vms;

    @PostConstruct
    void load() {
        OffsetDateTime now = OffsetDateTime.now();
        agents = agentService.list().stream().map(a -> AgentView.of(a, now, settings.agentTtl())).toList();
        vms = vmService.list(new VmQuery(null, null, null, null, null)).stream().map(VmView::of).toList();
    }

    public List<AgentView> getAgents() {
        return agents;
    }

    public List<VmView> getVms() {
        return vms;
    }

    public String getUserName() {
        return securityContext.getCallerPrincipal() == null ? "" : securityContext.getCallerPrincipal().getName();
    }
}
