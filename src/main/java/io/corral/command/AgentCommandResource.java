package io.corral.command;

import io.corral.fleet.AgentService;
import io.corral.platform.error.ApiException;
import io.corral.platform.rest.Ids;
import io.corral.platform.rest.JsonbResolver;
import io.corral.platform.security.Access;
import io.corral.platform.security.CurrentCaller;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Map;
import java.util.UUID;

/**
 * The agent API of the command bus. Exempt from rate limits; unknown JSON fields ignored so
 * agents and control plane can be upgraded one at a time.
 */
@RequestScoped
@Path("v1/agent/commands")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Access(agent = true)
public class AgentCommandResource {
    @Inject
    AgentCommandService commands;

    @Inject
    DeliveryHub hub;

    @Inject
    AgentService agents;

    @Inject
    CurrentCaller caller;

    @Inject
    @ConfigProperty(name = "CORRAL_MAX_HELD_POLLS", defaultValue = "15000")
    int maxHeldPolls;

    @GET
    @Path("next")
    public void next(@QueryParam("wait") String wait, @QueryParam("max") String max,
                     @Suspended AsyncResponse response) {
        int waitSeconds = Params.intIn("wait", wait, 0, 60, 25);
        int maxCommands = Params.intIn("max", max, 1, 100, 10);
        UUID agentId = caller.get().id();
        agents.touch(agentId);
        if (waitSeconds == 0) {
            response.resume(render(commands.claim(agentId, maxCommands)));
            return;
        }
        if (hub.held() >= maxHeldPolls) {
            response.resume(Response.status(503).header("Retry-After", "5").type(MediaType.APPLICATION_JSON)
                    .entity(Map.of("code", "TOO_MANY_POLLS", "message", "This instance holds its maximum of "
                            + maxHeldPolls + " polls; retry shortly")).build());
            return;
        }
        hub.park(agentId, maxCommands, waitSeconds, response, AgentCommandResource::render);
    }

    static Response render(AgentCommandService.Delivery delivery) {
        if (delivery.isEmpty()) {
            return Response.noContent().build();
        }
        JsonArrayBuilder list = CanonicalJson.JSON.createArrayBuilder();
        delivery.commands().forEach(c -> list.add(CommandView.delivery(c)));
        JsonArrayBuilder cancellations = CanonicalJson.JSON.createArrayBuilder();
        delivery.cancellations().forEach(id -> cancellations.add(id.toString()));
        return Response.ok(CanonicalJson.JSON.createObjectBuilder().add("commands", list).add("cancellations", cancellations)
                .build().toString(), MediaType.APPLICATION_JSON_TYPE).build();
    }

    @POST
    @Path("{id}/start")
    public CommandView start(@PathParam("id") String id) {
        return CommandView.of(commands.start(caller.get().id(), Ids.parse("id", id)));
    }

    @POST
    @Path("{id}/progress")
    public Map<String, String> progress(@PathParam("id") String id, String body) {
        commands.progress(caller.get().id(), Ids.parse("id", id), read(body, ProgressReport.class));
        return Map.of("status", "running");
    }

    @POST
    @Path("{id}/result")
    public CommandView result(@PathParam("id") String id, String body) {
        return CommandView.of(commands.result(caller.get().id(), Ids.parse("id", id), read(body, ResultReport.class)));
    }

    private static <T> T read(String body, Class<T> type) {
        try {
            return JsonbResolver.LENIENT.fromJson(body == null || body.isBlank() ? "{}" : body, type);
        } catch (JsonbException e) {
            throw new ApiException(400, "BAD_JSON", "Body is not valid JSON of the expected shape");
        }
    }
}
