package io.corral.platform.health;

import io.corral.platform.db.Jdbc;
import jakarta.inject.Inject;
import io.corral.platform.security.Access;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Map;

/** Readiness for load balancers and the launcher: up when the database answers. */
@RequestScoped
@Path("v1/health")
@Produces(MediaType.APPLICATION_JSON)
@Access(open = true)
public class HealthResource {
    @Inject
    Jdbc jdbc;

    @GET
    public Response health() {
        boolean up = jdbc.isUp(2);
        return Response.status(up ? 200 : 503)
                .entity(Map.of("status", up ? "UP" : "DOWN", "database", up ? "UP" : "DOWN")).build();
    }
}
