package io.corral.console;

import io.corral.command.CommandEventView;
import io.corral.command.CommandRow;
import io.corral.command.CommandService;
import io.corral.command.SecretViews;
import io.corral.command.TaskLogEvents;
import io.corral.fleet.AgentService;
import io.corral.platform.error.ApiException;
import io.corral.platform.rest.Ids;
import io.corral.platform.security.Role;
import jakarta.annotation.PostConstruct;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Faces bean of {@code console/command.xhtml?id=…}: one command's facts, its event trail, the Proxmox
 * task log its agent streams while it runs, and cancel (operator). Re-read once per request, so the
 * live re-render on topic {@code commands} shows the current state.
 */
@Named
@ViewScoped
public class CommandPage implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final String READ_MARK = CommandPage.class.getName() + ".read";

    @Inject
    CommandService commands;

    @Inject
    AgentService agents;

    @Inject
    ConsoleUser me;

    @Inject
    SecretViews secretViews;

    private UUID id;
    private String problem;
    private transient CommandRow command;
    private transient List<CommandEventView> trail;
    private transient List<String> log;

    @PostConstruct
    void open() {
        try {
            id = Ids.parse("id", FacesContext.getCurrentInstance().getExternalContext().getRequestParameterMap()
                    .get("id"));
            read();
        } catch (ApiException e) {
            problem = e.getMessage();
            id = null;
        }
    }

    /**
     * Reads the command and its events once per request. The mark is a request attribute, not the request
     * object: the server recycles request objects, so the same one can serve this view's next refresh
     * (which then showed what the previous request had read).
     */
    private void read() {
        Map<String, Object> request = FacesContext.getCurrentInstance().getExternalContext().getRequestMap();
        if (id == null || (command != null && request.get(READ_MARK) == this)) {
            return;
        }
        // Secrets show to operators and admins only, each such view audited; others see the marker.
        command = secretViews.shown(commands.get(id), me.getName(), me.getRole());
        trail = new ArrayList<>();
        log = new ArrayList<>();
        for (CommandEventView e : commands.events(id)) {
            if (TaskLogEvents.carriesLog(e)) {
                log.addAll(TaskLogEvents.lines(e));
            } else {
                trail.add(e);
            }
        }
        request.put(READ_MARK, this);
    }

    public CommandRow getCommand() {
        read();
        return command;
    }

    public List<CommandEventView> getTrail() {
        read();
        return trail;
    }

    public List<String> getLog() {
        read();
        return log;
    }

    public String getLogText() {
        return String.join("\n", getLog());
    }

    public String getProblem() {
        return problem;
    }

    public boolean isLive() {
        return getCommand() != null && !getCommand().status().isFinal();
    }

    public String getAgentName() {
        try {
            return agents.find(getCommand().agentId()).getName();
        } catch (ApiException e) {
            return getCommand().agentId().toString();
        }
    }

    /** What cancel would do now, in words. */
    public String getCancelEffect() {
        CommandRow c = getCommand();
        if (c == null || c.status().isFinal()) {
            return "This command has ended; there is nothing to cancel.";
        }
        return switch (c.status()) {
            case QUEUED -> "It is queued: it is cancelled at once and never runs.";
            case LEASED -> "Its agent has it but has not started it: it is cancelled at once, and the agent drops it.";
            case RUNNING -> c.cancelRequested()
                    ? "A cancel was already asked for; asking again repeats it to the agent."
                    : "It is running: the agent is asked to stop it (a Proxmox task is stopped, a half-made guest"
                    + " removed) and reports the outcome, usually within seconds.";
            default -> "";
        };
    }

    public void cancel() {
        if (id == null || !me.may(Role.OPERATOR, "command.cancel", "command", id.toString())) {
            return;
        }
        try {
            CommandService.Cancelled c = commands.cancel(id, me.getName());
            me.did("command.cancel", "command", id.toString(), c.immediate() ? "cancelled" : "cancel requested");
            if (c.immediate()) {
                ConsoleMessages.info("Command cancelled", "It will not run.");
            } else {
                ConsoleMessages.info("Cancel requested", "The agent was asked to stop the command; its state changes "
                        + "here when it has.");
            }
        } catch (ApiException e) {
            me.failed("command.cancel", "command", id.toString(), e.getMessage());
            ConsoleMessages.error("Not cancelled", e.getMessage());
        }
        FacesContext.getCurrentInstance().getExternalContext().getRequestMap().remove(READ_MARK);
    }

    public String pretty(String json) {
        return CommandLabels.pretty(json);
    }

    public String time(OffsetDateTime t) {
        return CommandLabels.time(t);
    }

    public String getTarget() {
        return CommandLabels.target(getCommand());
    }

    /** The agent's latest news: its message, percent and when it said so. */
    public String getProgressText() {
        return CommandLabels.progress(getCommand().progress());
    }

    public String getLockKeys() {
        return getCommand().lockKeys().isEmpty() ? "—" : String.join(", ", getCommand().lockKeys());
    }

    public String getDuration() {
        return CommandLabels.duration(getCommand());
    }
}
