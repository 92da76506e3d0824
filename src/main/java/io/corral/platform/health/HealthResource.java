package io.corral.platform.health;

import io.corral.platform.security.Access;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.health.Readiness;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Readiness for the launcher and clients of the API: the checks that {@code /health/ready} runs,
 * as one flat JSON object.
 */
@RequestScoped
@Path("v1/health")
@Produces(MediaType.APPLICATION_JSON)
@Access(open = true)
public class HealthResource {
    @Inject
    @Readiness
    DatabaseCheck database;

    @Inject
    @Readiness
    ListenerCheck listener;

    @GET
    public Response health() {
        boolean db = database.up();
        boolean listening = listener.up();
        Map<String, String> body = new LinkedHashMap<>();
        body.put("status", word(db && listening));
        body.put("database", word(db));
        body.put("notificationListener", word(listening));
        return Response.status(db && listening ? 200 : 503).entity(body).build();
    }

    private static String word(boolean up) {
        return up ? "UP" : "DOWN";
    }
}
