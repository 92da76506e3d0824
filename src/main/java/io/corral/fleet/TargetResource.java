package io.corral.fleet;

import io.corral.platform.rest.Ids;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Map;

/** SSH targets of an agent, registered by admins. */
@RequestScoped
@Path("v1/agents/{id}/targets")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TargetResource {
    @Inject
    TargetService targets;

    @Inject
    CurrentCaller caller;

    @POST
    @Access(Role.ADMIN)
    public Response add(@PathParam("id") String id, TargetRequest body) {
        SshTarget t = targets.add(Ids.parse("id", id), body, caller.get().name());
        return Response.status(Response.Status.CREATED).entity(TargetView.of(t)).build();
    }

    @GET
    @Access(Role.VIEWER)
    public Map<String, List<TargetView>> list(@PathParam("id") String id) {
        return Map.of("items", targets.list(Ids.parse("id", id)).stream().map(TargetView::of).toList());
    }

    @DELETE
    @Path("{name}")
    @Access(Role.ADMIN)
    public Response remove(@PathParam("id") String id, @PathParam("name") String name) {
        targets.remove(Ids.parse("id", id), name, caller.get().name());
        return Response.noContent().build();
    }
}
