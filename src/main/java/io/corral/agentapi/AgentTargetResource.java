package io.corral.agentapi;

import io.corral.fleet.TargetService;
import io.corral.fleet.TargetView;
import io.corral.platform.security.Access;
import io.corral.platform.security.CurrentCaller;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.Map;
import java.util.UUID;

/** The agent fetches its SSH targets when the heartbeat answer shows a new {@code targetsVersion}. */
@RequestScoped
@Path("v1/agent/targets")
@Produces(MediaType.APPLICATION_JSON)
@Access(agent = true)
public class AgentTargetResource {
    @Inject
    TargetService targets;

    @Inject
    CurrentCaller caller;

    @GET
    public Map<String, Object> targets() {
        UUID agentId = caller.get().id();
        return Map.of("version", targets.version(agentId),
                "targets", targets.list(agentId).stream().map(TargetView::of).toList());
    }
}
