package io.corral.console;

import io.corral.command.CommandRow;
import io.corral.fleet.Agent;
import io.corral.fleet.AgentService;
import io.corral.fleet.MetricsService;
import io.corral.fleet.ServiceLinkService;
import io.corral.fleet.ServiceLinkView;
import io.corral.fleet.Vm;
import io.corral.fleet.VmMetricsView;
import io.corral.platform.error.ApiException;
import io.corral.platform.rest.Ids;
import jakarta.annotation.PostConstruct;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Faces bean of {@code console/vm.xhtml?id=…}: one guest's facts, liveness, health, activity and policy,
 * the same actions as the VM list, its metrics chart, its commands and its service links.
 */
@Named
@ViewScoped
public class VmPage extends VmActionPage {
    private static final long serialVersionUID = 1L;
    private static final int HISTORY = 25;

    @Inject
    AgentService agents;

    @Inject
    MetricsService metrics;

    @Inject
    ServiceLinkService links;

    private UUID id;
    private transient Vm vm;
    private String agentName;
    private String problem;
    private int hours = 6;
    private transient VmMetricsView series;

    @PostConstruct
    void open() {
        String param = FacesContext.getCurrentInstance().getExternalContext().getRequestParameterMap().get("id");
        if (param == null || param.isBlank()) {
            problem = "No VM given: open a VM from the VMs page.";
            return;
        }
        if (!Ids.isUuid(param)) {
            problem = "'" + param + "' is not a VM id. Open a VM from the VMs page.";
            return;
        }
        id = UUID.fromString(param);
        reload();
    }

    /** Reads the guest again (on the {@code fleet} topic, and after an action). */
    public void reload() {
        if (id == null) {
            return;
        }
        vm = vms.find(id).orElse(null);
        series = null;
        if (vm == null) {
            problem = "No VM with id " + id + " is in the inventory: it was destroyed, or its agent no longer "
                    + "reports it. Its fleet events stay in the API (GET /api/v1/fleet/events?subject=" + id + ").";
            return;
        }
        problem = null;
        try {
            Agent agent = agents.find(vm.getAgentId());
            agentName = agent.getName();
        } catch (ApiException e) {
            agentName = "unknown agent";
        }
    }

    @Override
    public void confirm() {
        super.confirm();
        reload();
    }

    @Override
    public void toggleProtection(UUID vmId) {
        super.toggleProtection(vmId);
        reload();
    }

    /** The chart of CPU and memory over the chosen hours (Chart.js configuration for {@code p:chart}). */
    public String getChart() {
        return series() == null ? null : VmChart.of(series(), hours).json();
    }

    public boolean isHasMetrics() {
        return series() != null && !series().points().isEmpty();
    }

    private VmMetricsView series() {
        if (series == null && vm != null) {
            try {
                series = metrics.series(vm.getId(), VmChart.query(hours));
            } catch (ApiException e) {
                return null;
            }
        }
        return series;
    }

    /** The newest commands about this guest. */
    public List<CommandRow> getCommandHistory() {
        return vm == null ? List.of() : commands.aboutGuest(vm.getAgentId(), vm.getNode(), vm.getVmid(), HISTORY);
    }

    public List<ServiceLinkView> getServiceLinks() {
        if (vm == null) {
            return List.of();
        }
        try {
            return links.ofVm(vm.getId(), false);
        } catch (ApiException e) {
            return List.of();
        }
    }

    /** The hibernate policy in words. */
    public String getPolicy() {
        if (vm == null || !"when-idle".equals(vm.getHibernatePolicy())) {
            return "never hibernated by the hibernation task";
        }
        return "hibernated when idle for " + (vm.getIdleLimitSeconds() == null ? "the default limit"
                : vm.getIdleLimitSeconds() / 60 + " min");
    }

    public String percent(Double fraction) {
        return fraction == null ? "—" : Math.round(fraction * 100) + " %";
    }

    public String ago(OffsetDateTime at) {
        return ConsoleTimes.ago(at);
    }

    public String utc(OffsetDateTime at) {
        return ConsoleTimes.utc(at);
    }

    /** Bytes as MiB or GiB. */
    public String size(Long bytes) {
        if (bytes == null) {
            return "—";
        }
        double mib = bytes / 1024.0 / 1024.0;
        return mib >= 1024 ? String.format("%.1f GiB", mib / 1024) : String.format("%.0f MiB", mib);
    }

    public String duration(Long seconds) {
        if (seconds == null || seconds == 0) {
            return "—";
        }
        long d = seconds / 86_400;
        long h = seconds % 86_400 / 3600;
        long m = seconds % 3600 / 60;
        return d > 0 ? d + " d " + h + " h" : h > 0 ? h + " h " + m + " min" : m + " min";
    }

    public Vm getVm() {
        return vm;
    }

    public String getAgentName() {
        return agentName;
    }

    public String getProblem() {
        return problem;
    }

    public int getHours() {
        return hours;
    }

    public void setHours(int hours) {
        this.hours = List.of(1, 6, 24, 168).contains(hours) ? hours : 6;
        series = null;
    }
}
