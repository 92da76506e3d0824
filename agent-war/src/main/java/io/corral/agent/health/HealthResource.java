package io.corral.agent.health;

import io.corral.agent.heartbeat.HeartbeatStatus;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * {@code GET /api/health}, unauthenticated: the agent is deployed ({@code UP}) and how its last
 * heartbeat went. Says nothing about configuration or secrets.
 */
@Path("health")
@RequestScoped
public class HealthResource {

    @Inject
    HeartbeatStatus status;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public JsonObject health() {
        JsonObjectBuilder json = Json.createObjectBuilder().add("status", "UP");
        Instant last = status.lastHeartbeatAt();
        if (last == null) {
            json.addNull("lastHeartbeatAt");
        } else {
            json.add("lastHeartbeatAt", last.truncatedTo(ChronoUnit.MILLIS).toString());
        }
        return json.add("lastHeartbeatOk", status.lastHeartbeatOk())
                .add("pveReachable", status.pveReachable())
                .build();
    }
}
