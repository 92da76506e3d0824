package io.corral.console;

import io.corral.clone.CloneItem;
import io.corral.clone.CloneItemStatus;
import io.corral.clone.CloneRun;
import io.corral.clone.CloneRunJobs;
import io.corral.clone.CloneRunService;
import io.corral.fleet.AgentService;
import io.corral.fleet.Vm;
import io.corral.fleet.VmService;
import io.corral.platform.error.ApiException;
import io.corral.platform.rest.Ids;
import io.corral.platform.security.Role;
import jakarta.annotation.PostConstruct;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.Serializable;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Faces bean of {@code console/clone-run.xhtml?id=…}: one run, its items and their commands, live. */
@Named
@ViewScoped
public class CloneRunPage implements Serializable {
    private static final long serialVersionUID = 1L;

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

    private UUID id;
    private String problem;
    private transient CloneRunsModel.Row row;
    private transient List<CloneItem> items;
    private transient CloneRun run;

    @PostConstruct
    void init() {
        try {
            id = Ids.parse("id", FacesContext.getCurrentInstance().getExternalContext().getRequestParameterMap()
                    .get("id"));
            runs.get(id);
        } catch (ApiException e) {
            problem = e.getMessage();
            id = null;
        }
    }

    /** Re-reads the run and its items (the page's live refresh calls it before re-rendering). */
    public void refresh() {
        row = null;
        items = null;
        run = null;
    }

    public String getProblem() {
        return problem;
    }

    public CloneRunsModel.Row getRun() {
        if (row == null && id != null) {
            CloneRun r = getRequest();
            Map<CloneItemStatus, Integer> totals = new EnumMap<>(CloneItemStatus.class);
            getItems().forEach(i -> totals.merge(i.status(), 1, Integer::sum));
            String agent;
            try {
                agent = agents.find(r.agentId()).getName();
            } catch (ApiException e) {
                agent = r.agentId().toString();
            }
            row = CloneRunsModel.Row.of(r, agent, vms.find(r.agentId(), r.node(), r.templateVmid())
                    .map(Vm::getName).orElse(""), totals);
        }
        return row;
    }

    public List<CloneItem> getItems() {
        if (items == null) {
            items = id == null ? List.of() : runs.items(id);
        }
        return items;
    }

    /** The tags, target and start setting of the run, as the request gave them. */
    public CloneRun getRequest() {
        if (run == null && id != null) {
            run = runs.get(id);
        }
        return run;
    }

    public void cancel() {
        if (!me.may(Role.OPERATOR, "clone-run.cancel", "clone-run", String.valueOf(id))) {
            return;
        }
        try {
            runs.cancel(id, me.getName());
            me.did("clone-run.cancel", "clone-run", id.toString(), null);
            ConsoleMessages.info("Clone run cancelled", "No more clones are queued; clones already made stay.");
        } catch (ApiException e) {
            me.failed("clone-run.cancel", "clone-run", id.toString(), e.getMessage());
            ConsoleMessages.error("Could not cancel", e.getMessage());
        }
        refresh();
    }

    public void restart() {
        if (!me.may(Role.OPERATOR, "clone-run.restart", "clone-run", String.valueOf(id))) {
            return;
        }
        try {
            runs.restart(id, me.getName());
            jobs.start(id);
            me.did("clone-run.restart", "clone-run", id.toString(), null);
            ConsoleMessages.info("Clone run restarted", "It continues where it stopped: its failed clones are "
                    + "queued again.");
        } catch (ApiException e) {
            me.failed("clone-run.restart", "clone-run", id.toString(), e.getMessage());
            ConsoleMessages.error("Could not restart", e.getMessage());
        }
        refresh();
    }
}
