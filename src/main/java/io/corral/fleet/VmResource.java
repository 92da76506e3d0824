package io.corral.fleet;

import io.corral.platform.error.NotFoundProblem;
import io.corral.platform.error.ValidationProblem;
import io.corral.platform.rest.Ids;
import io.corral.platform.security.Access;
import io.corral.platform.security.CurrentCaller;
import io.corral.platform.security.Role;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The guest inventory across agents, filterable by agent (id or name), node, status, template, type. */
@RequestScoped
@Path("v1/vms")
@Produces(MediaType.APPLICATION_JSON)
@Access(Role.VIEWER)
public class VmResource {
    private static final Set<String> STATUSES = Set.of("running", "stopped", "paused", "unknown");

    @Inject
    VmService vms;

    @Inject
    AgentService agents;

    @Inject
    VmSettingsService settings;

    @Inject
    CurrentCaller caller;

    @GET
    public Map<String, Object> list(@QueryParam("agent") String agent, @QueryParam("node") String node,
                                    @QueryParam("status") String status, @QueryParam("template") String template,
                                    @QueryParam("type") String type) {
        if (status != null && !STATUSES.contains(status)) {
            throw new ValidationProblem("status", "must be one of " + String.join(", ", STATUSES));
        }
        if (type != null && !type.equals("qemu") && !type.equals("lxc")) {
            throw new ValidationProblem("type", "must be qemu or lxc");
        }
        if (template != null && !template.equals("true") && !template.equals("false")) {
            throw new ValidationProblem("template", "must be true or false");
        }
        VmQuery query = new VmQuery(agentId(agent), node, status,
                template == null ? null : Boolean.valueOf(template), type);
        List<VmView> items = vms.list(query).stream().map(VmView::of).toList();
        return Map.of("items", items, "total", items.size());
    }

    @GET
    @Path("{id}")
    public VmView get(@PathParam("id") String id) {
        UUID vmId = Ids.parse("id", id);
        return vms.find(vmId).map(VmView::of).orElseThrow(() -> new NotFoundProblem("VM", vmId));
    }

    /** Protection and hibernate policy; each change is a fleet event. */
    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Access(Role.OPERATOR)
    public VmView update(@PathParam("id") String id, VmUpdateRequest request) {
        UUID vmId = Ids.parse("id", id);
        settings.update(vmId, request, caller.get().name());
        return get(id);
    }

    private UUID agentId(String agent) {
        if (agent == null) {
            return null;
        }
        return Ids.isUuid(agent) ? agents.find(Ids.parse("agent", agent)).getId() : agents.findByName(agent).getId();
    }
}
