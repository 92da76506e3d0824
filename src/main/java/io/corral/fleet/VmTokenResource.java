package io.corral.fleet;

import io.corral.platform.rest.Ids;
import io.corral.platform.security.Access;
import io.corral.platform.security.CurrentCaller;
import io.corral.platform.security.Role;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** A guest's helper token (admin): issue or rotate (the secret is shown once), describe, revoke. */
@RequestScoped
@Path("v1/vms/{id}/token")
@Produces(MediaType.APPLICATION_JSON)
@Access(Role.ADMIN)
public class VmTokenResource {
    @Inject
    VmTokenService tokens;

    @Inject
    CurrentCaller caller;

    @POST
    public Response issue(@PathParam("id") String id) {
        VmTokenView issued = tokens.issue(Ids.parse("id", id), caller.get().name());
        return Response.status(Response.Status.CREATED).entity(issued).build();
    }

    @GET
    public VmTokenView describe(@PathParam("id") String id) {
        return tokens.describe(Ids.parse("id", id));
    }

    @DELETE
    public Response revoke(@PathParam("id") String id) {
        tokens.revoke(Ids.parse("id", id), caller.get().name());
        return Response.noContent().build();
    }
}
