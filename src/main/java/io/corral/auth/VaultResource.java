package io.corral.auth;

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
import jakarta.ws.rs.core.MediaType;

import java.util.List;
import java.util.Map;

/** The vault's keys as numbers (never keys), and key rotation (admin). */
@RequestScoped
@Path("v1/vault")
@Produces(MediaType.APPLICATION_JSON)
public class VaultResource {
    @Inject
    VaultRotationService rotation;

    @Inject
    CurrentCaller caller;

    @GET
    @Access(Role.OPERATOR)
    public VaultStatusView status() {
        return rotation.status();
    }

    /** Runs the whole rotation before answering; reads and stores keep working meanwhile. */
    @POST
    @Path("rotate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Access(Role.ADMIN)
    public VaultRotationView rotate(RotateRequest body) {
        if (body.toVersion() != null && body.toVersion() < 1) {
            throw new ValidationProblem("toVersion", "must be a key version from 1");
        }
        return rotation.rotate(body.toVersion(), caller.get().name());
    }

    @GET
    @Path("rotations")
    @Access(Role.OPERATOR)
    public Map<String, List<VaultRotationView>> rotations(@QueryParam("limit") String limit) {
        return Map.of("items", rotation.recent(Params.intIn("limit", limit, 1, 200, 20)));
    }

    @GET
    @Path("rotations/{id}")
    @Access(Role.OPERATOR)
    public VaultRotationView rotation(@PathParam("id") String id) {
        return rotation.get(Ids.parse("id", id));
    }
}
