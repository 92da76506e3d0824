package io.corral.maintenance;

import io.corral.platform.rest.Ids;
import io.corral.platform.rest.Params;
import io.corral.platform.security.Access;
import io.corral.platform.security.CurrentCaller;
import io.corral.platform.security.Role;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.util.List;
import java.util.Map;

/** Retention pruning on demand and its runs. */
@RequestScoped
@Path("v1/maintenance")
@Produces(MediaType.APPLICATION_JSON)
public class MaintenanceResource {
    @Inject
    PruneService prune;

    @Inject
    CurrentCaller caller;

    @Context
    UriInfo uriInfo;

    @POST
    @Path("prune")
    @Access(Role.ADMIN)
    public Response prune() {
        PruneRunView run = prune.startNow(caller.get().name());
        return Response.accepted(run)
                .location(uriInfo.getBaseUriBuilder().path("v1/maintenance/prune-runs").path(run.id().toString()).build())
                .build();
    }

    @GET
    @Path("prune-runs")
    @Access(Role.VIEWER)
    public Map<String, List<PruneRunView>> runs(@QueryParam("limit") String limit) {
        return Map.of("items", prune.recent(Params.intIn("limit", limit, 1, 100, 20)));
    }

    @GET
    @Path("prune-runs/{id}")
    @Access(Role.VIEWER)
    public PruneRunView run(@PathParam("id") String id) {
        return prune.get(Ids.parse("id", id));
    }
}
