package io.corral.clone;

import io.corral.platform.error.ValidationProblem;
import io.corral.platform.rest.Ids;
import io.corral.platform.rest.Params;
import io.corral.platform.security.Access;
import io.corral.platform.security.CurrentCaller;
import io.corral.platform.security.Role;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
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

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Clone runs: create (then the job queues and follows the clones), list, detail with items, cancel, retry failures. */
@RequestScoped
@Path("v1/clone-runs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CloneRunResource {
    @Inject
    CloneRunService runs;

    @Inject
    CloneRunJobs jobs;

    @Inject
    CurrentCaller caller;

    @Context
    UriInfo uriInfo;

    @POST
    @Access(Role.OPERATOR)
    public Response create(CloneRunRequest body) {
        CloneRun run = runs.create(body, caller.get().name());
        jobs.start(run.id());
        return Response.created(uriInfo.getAbsolutePathBuilder().path(run.id().toString()).build())
                .entity(view(run.id())).build();
    }

    @GET
    @Access(Role.VIEWER)
    public Map<String, Object> list(@QueryParam("status") String status, @QueryParam("limit") String limit,
                                    @QueryParam("cursor") String cursor) {
        CloneRunStatus s = null;
        if (status != null) {
            try {
                s = CloneRunStatus.parse(status);
            } catch (IllegalArgumentException e) {
                throw new ValidationProblem("status", "must be queued, running, succeeded, failed or cancelled");
            }
        }
        int size = Params.intIn("limit", limit, 1, 200, 50);
        CloneRun after = cursor == null ? null : runs.get(Ids.parse("cursor", cursor));
        List<CloneRunView> items = runs.list(s, after, size).stream()
                .map(r -> CloneRunView.of(r, runs.items(r.id()), false)).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", items);
        body.put("nextCursor", items.size() < size ? null : items.get(items.size() - 1).id());
        return body;
    }

    @GET
    @Path("{id}")
    @Access(Role.VIEWER)
    public CloneRunView get(@PathParam("id") String id) {
        return view(Ids.parse("id", id));
    }

    @POST
    @Path("{id}/cancel")
    @Access(Role.OPERATOR)
    public CloneRunView cancel(@PathParam("id") String id) {
        return view(runs.cancel(Ids.parse("id", id), caller.get().name()).id());
    }

    @POST
    @Path("{id}/restart")
    @Access(Role.OPERATOR)
    public Response restart(@PathParam("id") String id) {
        CloneRun run = runs.restart(Ids.parse("id", id), caller.get().name());
        jobs.start(run.id());
        return Response.accepted(view(run.id())).build();
    }

    private CloneRunView view(UUID id) {
        return CloneRunView.of(runs.get(id), runs.items(id), true);
    }
}
