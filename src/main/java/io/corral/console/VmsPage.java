package io.corral.console;

import io.corral.fleet.Agent;
import io.corral.fleet.AgentService;
import io.corral.fleet.Vm;
import io.corral.fleet.VmSearch;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Faces bean of {@code console/vms.xhtml}: every guest the agents report, filtered and searched, with the
 * power actions, destroy and protection on one guest or on a selection.
 */
@Named
@ViewScoped
public class VmsPage extends VmActionPage {
    private static final long serialVersionUID = 1L;

    @Inject
    AgentService agents;

    private VmModel model;
    private List<Vm> selection = new ArrayList<>();
    private final Map<String, String> agentNames = new LinkedHashMap<>();
    private List<String> nodes = List.of();
    private boolean anyVm;

    private String agent;
    private String node;
    private String status;
    private String liveness;
    private String template;
    private String protectedVm;
    private String text;

    @PostConstruct
    void open() {
        model = new VmModel(vms, this::search);
        refreshChoices();
    }

    /** The agents and nodes of the filter menus, and whether any VM is reported at all (else the empty state). */
    public void refreshChoices() {
        agentNames.clear();
        for (Agent a : agents.list()) {
            agentNames.put(a.getId().toString(), a.getName());
        }
        nodes = vms.nodes();
        anyVm = vms.count(VmSearch.any()) > 0;
    }

    VmSearch search() {
        return new VmSearch(agent == null || agent.isEmpty() ? null : UUID.fromString(agent), blank(node), blank(status),
                blank(liveness), yesNo(template), yesNo(protectedVm), blank(text));
    }

    /** Clears every filter and the search. */
    public void clearFilters() {
        agent = node = status = liveness = template = protectedVm = text = null;
    }

    public void askSelected(String action) {
        askAbout(VmAction.parse(action), selection.stream().map(Vm::getId).toList());
    }

    @Override
    public void confirm() {
        super.confirm();
        selection = new ArrayList<>();
    }

    public String agentName(UUID id) {
        String name = id == null ? null : agentNames.get(id.toString());
        return name == null ? "unknown agent" : name;
    }

    public String ago(OffsetDateTime at) {
        return ConsoleTimes.ago(at);
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static Boolean yesNo(String s) {
        return s == null || s.isEmpty() ? null : Boolean.valueOf(s);
    }

    public VmModel getModel() { return model; }
    public List<Vm> getSelection() { return selection; }
    public void setSelection(List<Vm> selection) { this.selection = selection == null ? new ArrayList<>() : selection; }
    public Map<String, String> getAgentNames() { return agentNames; }
    public List<String> getNodes() { return nodes; }
    public boolean isAnyVm() { return anyVm; }
    public String getAgent() { return agent; }
    public void setAgent(String agent) { this.agent = agent; }
    public String getNode() { return node; }
    public void setNode(String node) { this.node = node; }
    public String getStatus() { return status; }
    public void setStatus(String status) { this.status = status; }
    public String getLiveness() { return liveness; }
    public void setLiveness(String liveness) { this.liveness = liveness; }
    public String getTemplate() { return template; }
    public void setTemplate(String template) { this.template = template; }
    public String getProtectedVm() { return protectedVm; }
    public void setProtectedVm(String protectedVm) { this.protectedVm = protectedVm; }
    public String getText() { return text; }
    public void setText(String text) { this.text = text; }
}
