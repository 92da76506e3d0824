package io.corral.console;

import io.corral.fleet.AgentService;
import io.corral.fleet.AgentView;
import io.corral.fleet.FleetSettings;
import io.corral.fleet.LivenessSettings;
import io.corral.platform.error.ApiException;
import io.corral.platform.rest.Names;
import io.corral.platform.security.Role;
import io.corral.fleet.SshTarget;
import io.corral.fleet.TargetService;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Faces bean of {@code console/agents.xhtml}: the agents with liveness, Proxmox reachability and the health
 * of their last heartbeat; register, rotate the token of and delete an agent (admin). A new token is shown
 * once: {@link #closeToken()} drops it from the view as soon as its dialog is closed.
 */
@Named
@ViewScoped
public class AgentsPage implements Serializable {
    private static final long serialVersionUID = 1L;

    @Inject
    AgentService agents;

    @Inject
    FleetSettings settings;

    @Inject
    TargetService targets;

    @Inject
    LivenessSettings liveness;

    @Inject
    ConsoleUser me;

    private transient List<AgentView> list;
    private String name;
    private String description;
    private Integer ttlSeconds;
    private String tokenFor;
    private String token;
    private UUID targetsOf;
    private String targetsOfName;
    private transient List<SshTarget> targetList;
    private final TargetForm target = new TargetForm();

    public List<AgentView> getAgents() {
        if (list == null) {
            OffsetDateTime now = OffsetDateTime.now();
            list = agents.list().stream().map(a -> AgentView.of(a, now, settings.agentTtl())).toList();
        }
        return list;
    }

    /** Reloads the list (the live refresh on topics fleet and agents). */
    public void refresh() {
        list = null;
    }

    public void startRegister() {
        name = null;
        description = null;
        ttlSeconds = null;
    }

    /** Registers an agent; its token goes to the one-time token dialog. True when it was registered. */
    public void register() {
        if (!me.may(Role.ADMIN, "agent.register", "agent", name)) {
            return;
        }
        try {
            Names.require("name", name == null ? null : name.strip());
            AgentService.Registered r = agents.register(name.strip(), blankToNull(description), ttlSeconds, me.getName());
            me.did("agent.register", "agent", r.agent().getName(), "token issued");
            showToken(r);
            ConsoleMessages.info("Agent registered", "Agent " + r.agent().getName() + " is registered; give it the token "
                    + "shown now.");
            org.primefaces.PrimeFaces.current().ajax().addCallbackParam("registered", true);
        } catch (ApiException e) {
            me.failed("agent.register", "agent", name, e.getMessage());
            ConsoleMessages.error("Not registered", e.getMessage());
        }
        refresh();
    }

    public void rotate(UUID id, String agentName) {
        if (!me.may(Role.ADMIN, "agent.rotate-token", "agent", agentName)) {
            return;
        }
        try {
            AgentService.Registered r = agents.rotateToken(id, me.getName());
            me.did("agent.rotate-token", "agent", agentName, "new token issued; the old one stopped working");
            showToken(r);
            ConsoleMessages.info("Token rotated", "The old token of " + agentName + " stopped working; give the agent "
                    + "the new one shown now.");
        } catch (ApiException e) {
            me.failed("agent.rotate-token", "agent", agentName, e.getMessage());
            ConsoleMessages.error("Token not rotated", e.getMessage());
        }
        refresh();
    }

    public void delete(UUID id, String agentName) {
        if (!me.may(Role.ADMIN, "agent.delete", "agent", agentName)) {
            return;
        }
        try {
            agents.delete(id, me.getName());
            me.did("agent.delete", "agent", agentName, "with its inventory, SSH targets and commands");
            ConsoleMessages.info("Agent deleted", "Agent " + agentName + " and its inventory, SSH targets and commands "
                    + "are gone; its token no longer works.");
        } catch (ApiException e) {
            me.failed("agent.delete", "agent", agentName, e.getMessage());
            ConsoleMessages.error("Agent not deleted", e.getMessage());
        }
        refresh();
    }

    private void showToken(AgentService.Registered r) {
        tokenFor = r.agent().getName();
        token = r.secret();
        org.primefaces.PrimeFaces.current().ajax().addCallbackParam("token", true);
    }

    /** The token dialog was closed: the secret leaves the view for good. */
    public void closeToken() {
        token = null;
        tokenFor = null;
    }

    /** Opens the SSH targets dialog of one agent. */
    public void showTargets(UUID id, String agentName) {
        targetsOf = id;
        targetsOfName = agentName;
        targetList = null;
        target.clear();
    }

    public List<SshTarget> getTargets() {
        if (targetList == null) {
            try {
                targetList = targetsOf == null ? List.of() : targets.list(targetsOf);
            } catch (ApiException e) {
                targetList = List.of();
            }
        }
        return targetList;
    }

    public void addTarget() {
        String what = targetsOfName + "/" + target.getName();
        if (!me.may(Role.ADMIN, "target.add", "ssh-target", what)) {
            return;
        }
        try {
            targets.add(targetsOf, target.request(), me.getName());
            me.did("target.add", "ssh-target", what, target.getUser() + "@" + target.getHost());
            ConsoleMessages.info("SSH target added", target.getName() + " (" + target.getHost() + ") is sent to agent "
                    + targetsOfName + " with its next heartbeat.");
            target.clear();
        } catch (ApiException e) {
            me.failed("target.add", "ssh-target", what, e.getMessage());
            ConsoleMessages.error("SSH target not added", e.getMessage());
        }
        targetList = null;
    }

    public void removeTarget(String targetName) {
        String what = targetsOfName + "/" + targetName;
        if (!me.may(Role.ADMIN, "target.remove", "ssh-target", what)) {
            return;
        }
        try {
            targets.remove(targetsOf, targetName, me.getName());
            me.did("target.remove", "ssh-target", what, null);
            ConsoleMessages.info("SSH target removed", targetName + " is no longer reachable for ssh commands.");
        } catch (ApiException e) {
            me.failed("target.remove", "ssh-target", what, e.getMessage());
            ConsoleMessages.error("SSH target not removed", e.getMessage());
        }
        targetList = null;
    }

    /**
     * Liveness as of now, from the age of the last heartbeat or poll and the agent's thresholds; the stored value
     * is the health check's (up to a minute old), which would contradict "accepts commands" right after a change.
     */
    public String liveness(AgentView a) {
        Duration age = a.lastSeenAt() == null ? null
                : Duration.between(a.lastSeenAt().toInstant(), Instant.now());
        if (age != null && age.isNegative()) {
            age = Duration.ZERO;
        }
        return liveness.agent(Duration.ofSeconds(a.ttlSeconds())).judge(age).value();
    }

    /** The agent's self-reported health in words, e.g. {@code heap 120 MiB of 512 MiB · 2 in flight}. */
    public List<String> health(AgentView a) {
        List<String> parts = new ArrayList<>();
        if (a.health() == null || a.health().getValueType() != JsonValue.ValueType.OBJECT) {
            return parts;
        }
        JsonObject h = a.health().asJsonObject();
        Long used = number(h, "heapUsedBytes");
        Long max = number(h, "heapMaxBytes");
        if (used != null) {
            parts.add("heap " + mib(used) + (max == null ? "" : " of " + mib(max)));
        }
        Map<String, String> counts = Map.of("inFlight", "in flight", "workers", "workers", "outboxPending",
                "results waiting to be sent");
        for (String key : List.of("inFlight", "workers", "outboxPending")) {
            Long n = number(h, key);
            if (n != null) {
                parts.add(n + " " + counts.get(key));
            }
        }
        for (Map.Entry<String, JsonValue> e : h.entrySet()) {
            if (!List.of("heapUsedBytes", "heapMaxBytes", "inFlight", "workers", "outboxPending").contains(e.getKey())
                    && e.getValue().getValueType() != JsonValue.ValueType.NULL) {
                parts.add(e.getKey() + " " + e.getValue());
            }
        }
        return parts;
    }

    private static Long number(JsonObject o, String key) {
        JsonValue v = o.get(key);
        return v instanceof JsonNumber n ? n.longValue() : null;
    }

    private static String mib(long bytes) {
        return (bytes / (1024 * 1024)) + " MiB";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getDescription() { return description; }
    public void setDescription(String description) { this.description = description; }
    public Integer getTtlSeconds() { return ttlSeconds; }
    public void setTtlSeconds(Integer ttlSeconds) { this.ttlSeconds = ttlSeconds; }
    public String getTokenFor() { return tokenFor; }
    public String getToken() { return token; }
    public String getTargetsOfName() { return targetsOfName; }
    public TargetForm getTarget() { return target; }
    public int getDefaultTtl() { return (int) settings.agentTtl().toSeconds(); }
}
