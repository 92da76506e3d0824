package io.corral.fleet;

import io.corral.platform.error.ValidationProblem;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Services and the guests linked to them: list, link (idempotent), unlink (history kept). */
@RequestScoped
@Path("v1/services")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ServiceLinkResource {
    @Inject
    ServiceLinkService links;

    @Inject
    CurrentCaller caller;

    @GET
    @Access(Role.VIEWER)
    public Map<String, List<ServiceSummaryView>> services() {
        return Map.of("items", links.services());
    }

    /** One guest ({@code vmId}): the link, 201 when made now, 200 when it existed. Several: {@code items}. */
    @POST
    @Path("{serviceId}/vms")
    @Access(Role.OPERATOR)
    public Response link(@PathParam("serviceId") String serviceId, ServiceLinkRequest body) {
        ServiceIds.require("serviceId", serviceId);
        if (body == null) {
            throw new ValidationProblem("body", "a JSON object with vmId or vmIds is required");
        }
        if (body.vmId() != null && body.vmIds() != null) {
            throw new ValidationProblem("vmIds", "give vmId or vmIds, not both");
        }
        if (body.vmId() == null && body.vmIds() == null) {
            throw new ValidationProblem("vmId", "is required (or vmIds)");
        }
        List<UUID> ids = body.vmId() != null ? List.of(body.vmId()) : body.vmIds();
        List<ServiceLinkService.Linked> made = links.link(serviceId, ids, caller.get().name());
        boolean created = made.stream().anyMatch(ServiceLinkService.Linked::created);
        Object entity = body.vmId() != null ? made.get(0).link()
                : Map.of("items", made.stream().map(ServiceLinkService.Linked::link).toList());
        return Response.status(created ? Response.Status.CREATED : Response.Status.OK).entity(entity).build();
    }

    @GET
    @Path("{serviceId}/vms")
    @Access(Role.VIEWER)
    public Map<String, List<ServiceLinkView>> vms(@PathParam("serviceId") String serviceId,
                                                  @QueryParam("history") String history) {
        ServiceIds.require("serviceId", serviceId);
        return Map.of("items", links.ofService(serviceId, flag("history", history)));
    }

    @DELETE
    @Path("{serviceId}/vms/{vmId}")
    @Access(Role.OPERATOR)
    public ServiceLinkView unlink(@PathParam("serviceId") String serviceId, @PathParam("vmId") String vmId) {
        ServiceIds.require("serviceId", serviceId);
        return links.unlink(serviceId, Ids.parse("vmId", vmId), caller.get().name());
    }

    /** {@code true} or {@code false}; absent is false. */
    static boolean flag(String name, String value) {
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw new ValidationProblem(name, "must be true or false");
    }
}
