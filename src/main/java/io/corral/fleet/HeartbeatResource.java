package io.corral.fleet;

import io.corral.command.AgentCommandService;
import io.corral.platform.error.ApiException;
import io.corral.platform.rest.JsonbResolver;
import io.corral.platform.security.Access;
import io.corral.platform.security.CurrentCaller;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The agent's heartbeat. Unknown fields are ignored here (unlike the user API) so that
 * agents and control plane can be upgraded one at a time.
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
    CurrentCaller caller;

    @Inject
    AgentCommandService commands;

    @Inject
    TargetService targets;

    @POST
    public Map<String, Object> heartbeat(String body) {
        HeartbeatReport report;
        try {
            report = JsonbResolver.LENIENT.fromJson(body, HeartbeatReport.class);
        } catch (JsonbException e) {
            throw new ApiException(400, "BAD_JSON", "Heartbeat is not valid JSON of the expected shape");
        }
        UUID agentId = caller.get().id();
        agents.heartbeat(agentId, report);
        commands.agentAlive(agentId, report.startedAt(), report.inFlight());
        List<UUID> cancellations = commands.cancellations(agentId);
        return Map.of("agentId", agentId, "status", AgentStatus.ONLINE.value(), "cancellations", cancellations,
                "targetsVersion", targets.version(agentId));
    }
}
