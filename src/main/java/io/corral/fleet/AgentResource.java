package io.corral.fleet;

import io.corral.platform.audit.AuditLog;
import io.corral.platform.error.ValidationProblem;
import io.corral.platform.rest.Ids;
import io.corral.platform.rest.Names;
import io.corral.platform.security.Access;
import io.corral.platform.security.CurrentCaller;
import io.corral.platform.security.Role;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Agents: register (token shown once), list with liveness, look up, rotate the token. */
@RequestScoped
@Path("v1/agents")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AgentResource {
    @Inject
    AgentService agents;

    @Inject
    FleetSettings settings;

    @Inject
    CurrentCaller caller;

    @Inject
    AuditLog audit;

    @Context
    UriInfo uriInfo;

    public record RegisterRequest(String name, String description, Integer ttlSeconds) {
    }

    @POST
    @Access(Role.ADMIN)
    public Response register(RegisterRequest body) {
        if (body == null) {
            throw new ValidationProblem("body", "a JSON object with a name is required");
        }
        Names.require("name", body.name());
        if (body.ttlSeconds() != null && (body.ttlSeconds() < 1 || body.ttlSeconds() > 3600)) {
            throw new ValidationProblem("ttlSeconds", "must be between 1 and 3600");
        }
        if (body.description() != null && body.description().length() > 500) {
            throw new ValidationProblem("description", "at most 500 characters");
        }
        AgentService.Registered r = agents.register(body.name(), body.description(), body.ttlSeconds(),
                caller.get().name());
        audited("agent.register", r.agent().getName(), "token issued");
        return Response.created(uriInfo.getAbsolutePathBuilder().path(r.agent().getId().toString()).build())
                .entity(withToken(r)).build();
    }

    @GET
    @Access(Role.VIEWER)
    public Map<String, List<AgentView>> list(@QueryParam("status") String status) {
        if (status != null && !status.equals("online") && !status.equals("offline")) {
            throw new ValidationProblem("status", "must be online or offline");
        }
        OffsetDateTime now = OffsetDateTime.now();
        List<AgentView> views = agents.list().stream()
                .map(a -> AgentView.of(a, now, settings.agentTtl()))
                .filter(v -> status == null || v.status().equals(status))
                .toList();
        return Map.of("items", views);
    }

    @GET
    @Path("{id}")
    @Access(Role.VIEWER)
    public AgentView get(@PathParam("id") String id) {
        return AgentView.of(agents.find(Ids.parse("id", id)), OffsetDateTime.now(), settings.agentTtl());
    }

    @POST
    @Path("{id}/token")
    @Access(Role.ADMIN)
    public Map<String, Object> rotate(@PathParam("id") String id) {
        AgentService.Registered r = agents.rotateToken(Ids.parse("id", id), caller.get().name());
        audited("agent.rotate-token", r.agent().getName(), "new token issued; the old one stopped working");
        return withToken(r);
    }

    @DELETE
    @Path("{id}")
    @Access(Role.ADMIN)
    public Response delete(@PathParam("id") String id) {
        Agent agent = agents.find(Ids.parse("id", id));
        agents.delete(agent.getId(), caller.get().name());
        audited("agent.delete", agent.getName(), "with its inventory, SSH targets and commands");
        return Response.noContent().build();
    }

    private void audited(String action, String agentName, String detail) {
        audit.record(caller.get().name(), caller.get().role().value(), action, "agent", agentName, AuditLog.OK, detail);
    }

    private Map<String, Object> withToken(AgentService.Registered r) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", r.agent().getId());
        body.put("name", r.agent().getName());
        body.put("token", r.secret());
        body.put("note", "The token is shown once; Corral keeps only its hash.");
        return body;
    }
}
