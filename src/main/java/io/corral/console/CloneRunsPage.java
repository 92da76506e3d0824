package io.corral.console;

import io.corral.clone.CloneRun;
import io.corral.clone.CloneRunJobs;
import io.corral.clone.CloneRunRequest;
import io.corral.clone.CloneRunService;
import io.corral.clone.CloneRunStatus;
import io.corral.fleet.AgentService;
import io.corral.fleet.VmQuery;
import io.corral.fleet.VmService;
import io.corral.platform.error.ApiException;
import io.corral.platform.rest.Ids;
import io.corral.platform.security.Role;
import jakarta.annotation.PostConstruct;
import jakarta.faces.context.FacesContext;
import jakarta.faces.model.SelectItem;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Faces bean of {@code console/clone-runs.xhtml}: the clone runs with live progress, cancel and restart, and
 * the create dialog, which goes through the same service and rules as {@code POST /api/v1/clone-runs}.
 */
@Named
@ViewScoped
public class CloneRunsPage implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Request fields of a refusal → the dialog's input that shows it. */
    private static final Map<String, String> INPUTS = Map.of("agent", "agent", "node", "template", "vmid",
            "template", "vm", "template", "count", "count", "namePattern", "namePattern", "targetNode", "targetNode",
            "storage", "storage", "tags", "tags");

    @Inject
    CloneRunService runs;

    @Inject
    CloneRunJobs jobs;

    @Inject
    AgentService agents;

    @Inject
    VmService vms;

    @Inject
    ConsoleUser me;

    private CloneRunsModel model;
    private String status;
    private final CloneRunForm form = new CloneRunForm();
    private List<SelectItem> agentChoices = List.of();
    private List<SelectItem> templateChoices = List.of();
    private final Map<String, String> errors = new HashMap<>();

    @PostConstruct
    void init() {
        model = new CloneRunsModel(runs, agents, vms);
    }

    public CloneRunsModel getModel() {
        return model;
    }

    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status == null || status.isBlank() ? null : status;
        model.filter(this.status == null ? null : CloneRunStatus.parse(this.status));
    }

    public List<String> getStatuses() {
        return Arrays.stream(CloneRunStatus.values()).map(CloneRunStatus::value).toList();
    }

    public CloneRunForm getForm() {
        return form;
    }

    /** Opens the create dialog with a fresh form and the agents as they are now. */
    public void prepareCreate() {
        form.reset();
        errors.clear();
        agentChoices = agents.list().stream().sorted(Comparator.comparing(a -> a.getName()))
                .map(a -> new SelectItem(a.getId().toString(), a.getName())).toList();
        if (agentChoices.size() == 1) {
            form.setAgent((String) agentChoices.get(0).getValue());
        }
        agentChanged();
    }

    /** The templates the chosen agent reports (VMs with template=true). */
    public void agentChanged() {
        form.setTemplate(null);
        if (form.getAgent() == null || !Ids.isUuid(form.getAgent())) {
            templateChoices = List.of();
            return;
        }
        templateChoices = vms.list(new VmQuery(UUID.fromString(form.getAgent()), null, null, true, null)).stream()
                .sorted(Comparator.comparing(v -> v.getNode() + "/" + String.format("%09d", v.getVmid())))
                .map(v -> new SelectItem(v.getNode() + "/" + v.getVmid(), v.getVmid() + " · "
                        + (v.getName() == null ? "(no name)" : v.getName()) + " on " + v.getNode())).toList();
        if (templateChoices.size() == 1) {
            form.setTemplate((String) templateChoices.get(0).getValue());
        }
    }

    public List<SelectItem> getAgentChoices() {
        return agentChoices;
    }

    public List<SelectItem> getTemplateChoices() {
        return templateChoices;
    }

    /** Creates the run (nothing on a refusal: the problem shows next to its field) and starts its job. */
    public void create() {
        if (!me.may(Role.OPERATOR, "clone-run.create", "clone-run", null)) {
            FacesContext.getCurrentInstance().validationFailed();
            return;
        }
        CloneRunRequest request = form.request();
        errors.clear();
        try {
            CloneRun run = runs.create(request, me.getName());
            jobs.start(run.id());
            me.did("clone-run.create", "clone-run", run.id().toString(), run.count() + " × " + run.namePattern()
                    + " from " + run.node() + "/" + run.templateVmid() + (run.full() ? " (full)" : " (linked)"));
            ConsoleMessages.info("Clone run created", run.count() + " clones named " + run.namePattern()
                    + " are being queued.");
        } catch (ApiException e) {
            FacesContext.getCurrentInstance().validationFailed();
            if (!FieldErrors.put(e, INPUTS, errors)) {
                ConsoleMessages.error("Not created", e.getMessage());
            }
        }
    }

    /** The service's refusal for a dialog input (empty when none): shown next to it, never as a growl. */
    public String error(String input) {
        return errors.getOrDefault(input, "");
    }

    /** Cancels the run named by the request parameter {@code run} (bound when the page rendered the row). */
    public void cancel() {
        String id = FacesContext.getCurrentInstance().getExternalContext().getRequestParameterMap().get("run");
        if (!me.may(Role.OPERATOR, "clone-run.cancel", "clone-run", id)) {
            return;
        }
        try {
            CloneRun run = runs.cancel(Ids.parse("run", id), me.getName());
            me.did("clone-run.cancel", "clone-run", id, null);
            ConsoleMessages.info("Clone run cancelled", "No more clones of " + run.namePattern() + " are queued; "
                    + "clones already made stay.");
        } catch (ApiException e) {
            me.failed("clone-run.cancel", "clone-run", id, e.getMessage());
            ConsoleMessages.error("Could not cancel", e.getMessage());
        }
    }

    /** Restarts the run: its failed clones are tried again, the ones made stay. */
    public void restart() {
        String id = FacesContext.getCurrentInstance().getExternalContext().getRequestParameterMap().get("run");
        if (!me.may(Role.OPERATOR, "clone-run.restart", "clone-run", id)) {
            return;
        }
        try {
            CloneRun run = runs.restart(Ids.parse("run", id), me.getName());
            jobs.start(run.id());
            me.did("clone-run.restart", "clone-run", id, null);
            ConsoleMessages.info("Clone run restarted", "It continues where it stopped: its failed clones of "
                    + run.namePattern() + " are queued again.");
        } catch (ApiException e) {
            me.failed("clone-run.restart", "clone-run", id, e.getMessage());
            ConsoleMessages.error("Could not restart", e.getMessage());
        }
    }
}
