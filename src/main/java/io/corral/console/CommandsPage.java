package io.corral.console;

import io.corral.command.CommandFilter;
import io.corral.command.CommandRow;
import io.corral.command.CommandService;
import io.corral.command.CommandStatus;
import io.corral.command.CommandTypes;
import io.corral.fleet.Agent;
import io.corral.fleet.AgentService;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.primefaces.component.datatable.DataTable;

import java.io.Serializable;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Faces bean of {@code console/commands.xhtml}: every command, newest first, filtered by status, type,
 * agent, target text, creator and creation time (UTC), re-rendered when any command changes.
 */
@Named
@ViewScoped
public class CommandsPage implements Serializable {
    private static final long serialVersionUID = 1L;

    @Inject
    CommandService commands;

    @Inject
    AgentService agents;

    private String status;
    private String type;
    private String agent;
    private String target;
    private String createdBy;
    private LocalDateTime since;
    private LocalDateTime until;
    private transient CommandModel model;
    private transient Map<UUID, String> agentNames;

    public CommandModel getModel() {
        if (model == null) {
            model = new CommandModel(() -> commands, this::filter);
        }
        return model;
    }

    private CommandFilter filter() {
        return new CommandFilter(CommandStatus.parse(status), agent == null || agent.isBlank() ? null
                : UUID.fromString(agent), type == null || type.isBlank() ? null : type, utc(since), utc(until), 1,
                null, target, createdBy);
    }

    private static OffsetDateTime utc(LocalDateTime t) {
        return t == null ? null : t.atOffset(ZoneOffset.UTC);
    }

    /** The filters changed: back to the first page. */
    public void apply() {
        getModel().reset();
        DataTable table = (DataTable) FacesContext.getCurrentInstance().getViewRoot().findComponent(":list:commands");
        if (table != null) {
            table.setFirst(0);
        }
    }

    public void clear() {
        status = null;
        type = null;
        agent = null;
        target = null;
        createdBy = null;
        since = null;
        until = null;
        apply();
    }

    public boolean isFiltered() {
        return notBlank(status) || notBlank(type) || notBlank(agent) || notBlank(target) || notBlank(createdBy)
                || since != null || until != null;
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    public List<String> getStatuses() {
        List<String> out = new ArrayList<>();
        for (CommandStatus s : CommandStatus.values()) {
            out.add(s.value());
        }
        return out;
    }

    public List<String> getTypes() {
        List<String> out = new ArrayList<>();
        CommandTypes.names().forEach(out::add);
        out.sort(String::compareTo);
        return out;
    }

    public Map<UUID, String> getAgentNames() {
        if (agentNames == null) {
            agentNames = new HashMap<>();
            for (Agent a : agents.list()) {
                agentNames.put(a.getId(), a.getName());
            }
        }
        return agentNames;
    }

    public List<Agent> getAgents() {
        return agents.list();
    }

    public String agentName(UUID id) {
        String name = getAgentNames().get(id);
        return name == null ? id.toString().substring(0, 8) : name;
    }

    public String target(CommandRow c) {
        return CommandLabels.target(c);
    }

    public String duration(CommandRow c) {
        return CommandLabels.duration(c);
    }

    public String time(OffsetDateTime t) {
        return CommandLabels.time(t);
    }

    public String shortId(CommandRow c) {
        return CommandLabels.shortId(c);
    }

    public String getStatus() { return status; }
    public void setStatus(String status) { this.status = status; }
    public String getType() { return type; }
    public void setType(String type) { this.type = type; }
    public String getAgent() { return agent; }
    public void setAgent(String agent) { this.agent = agent; }
    public String getTarget() { return target; }
    public void setTarget(String target) { this.target = target; }
    public String getCreatedBy() { return createdBy; }
    public void setCreatedBy(String createdBy) { this.createdBy = createdBy; }
    public LocalDateTime getSince() { return since; }
    public void setSince(LocalDateTime since) { this.since = since; }
    public LocalDateTime getUntil() { return until; }
    public void setUntil(LocalDateTime until) { this.until = until; }
}
