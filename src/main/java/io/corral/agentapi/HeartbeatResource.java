package io.corral.agentapi;

import io.corral.command.AgentCommandService;
import io.corral.command.DeliveryHub;
import io.corral.fleet.AgentService;
import io.corral.fleet.AgentStatus;
import io.corral.fleet.HeartbeatReport;
import io.corral.fleet.TargetService;
import io.corral.platform.json.Tolerant;
import io.corral.platform.security.Access;
import io.corral.platform.security.CurrentCaller;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.Map;
import java.util.UUID;

/**
 * The agent's heartbeat: recorded by the fleet, then the command bus settles what the agent
 * lost or cannot run, and the answer carries cancellations and the SSH targets version.
 */
@RequestScoped
@Path("v1/agent/heartbeat")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Access(agent = true)
public class HeartbeatResource {
    @Inject
    AgentService agents;

    @Inject
    AgentCommandService commands;

    @Inject
    DeliveryHub hub;

    @Inject
    TargetService targets;

    @Inject
    CurrentCaller caller;

    @POST
    public Map<String, Object> heartbeat(@Tolerant HeartbeatReport report) {
        UUID agentId = caller.get().id();
        agents.heartbeat(agentId, report);
        commands.agentAlive(agentId, report.startedAt(), report.inFlight(), report.capabilities());
        // What it can do may have changed: its held polls claim again (they skip claims while nothing changed).
        hub.wake(agentId);
        return Map.of("agentId", agentId, "status", AgentStatus.ONLINE.value(),
                "cancellations", commands.cancellations(agentId), "targetsVersion", targets.version(agentId));
    }
}
