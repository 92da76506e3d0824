package io.corral.agentapi;

import io.corral.command.AgentCommandService;
import io.corral.command.AgentResults;
import io.corral.command.CommandSettings;
import io.corral.command.Delivery;
import io.corral.command.DeliveryHub;
import io.corral.command.ProgressReport;
import io.corral.command.ResultBatchRequest;
import io.corral.command.ResultItem;
import io.corral.command.ResultReport;
import io.corral.command.StartBatchRequest;
import io.corral.fleet.AgentDirectory;

import io.corral.platform.error.ErrorBody;
import io.corral.platform.json.Tolerant;
import io.corral.platform.rest.Ids;
import io.corral.platform.rest.Params;
import io.corral.platform.security.Access;
import io.corral.platform.security.CurrentCaller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The agent's command endpoints: long-poll for work, acknowledge, report progress and results.
 * Exempt from rate limits; unknown JSON fields ignored so agents and control plane can be
 * upgraded one at a time. One instance for all requests; the caller comes from the
 * request-scoped {@link CurrentCaller}.
 */
@ApplicationScoped
@Path("v1/agent/commands")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Access(agent = true)
public class AgentCommandResource {
    /** More than any agent holds at once (its loops' {@code max} sum to a few hundred). */
    static final int MAX_HAVE = 1000;

    @Inject
    AgentCommandService commands;

    @Inject
    AgentResults results;

    @Inject
    DeliveryHub hub;

    @Inject
    AgentDirectory agents;

    @Inject
    CommandSettings settings;

    @Inject
    CurrentCaller caller;

    /**
     * The long-poll. Answered as a completion stage: when the first claim finds work (or
     * {@code wait=0}) the stage is complete on return and the request is answered without
     * being suspended; otherwise it completes when work arrives or the wait ends.
     */
    @GET
    @Path("next")
    public CompletionStage<Response> next(@QueryParam("wait") String wait, @QueryParam("max") String max,
                                          @QueryParam("have") String have) {
        int waitSeconds = Params.intIn("wait", wait, 0, 60, 25);
        int maxCommands = Params.intIn("max", max, 1, 100, 10);
        List<UUID> held = Params.ids("have", have, MAX_HAVE);
        UUID agentId = caller.get().id();
        agents.polled(agentId);
        if (waitSeconds == 0) {
            return CompletableFuture.completedFuture(render(commands.claim(agentId, maxCommands,
                    AgentCommandService.Held.of(held, System.currentTimeMillis()))));
        }
        if (hub.full()) {
            return CompletableFuture.completedFuture(Response.fromResponse(ErrorBody.response(503, "TOO_MANY_POLLS",
                    "This instance holds its maximum of " + hub.held() + " polls; retry shortly"))
                    .header("Retry-After", "5").build());
        }
        CompletionStage<Response> parked = hub.park(agentId, maxCommands, waitSeconds, held,
                AgentCommandResource::render);
        if (parked == null) {
            // A real agent holds one poll per worker loop; more is a fault or abuse, refused before it costs heap.
            return CompletableFuture.completedFuture(Response.fromResponse(ErrorBody.response(429, "TOO_MANY_POLLS",
                    "This agent already holds its maximum of " + settings.maxHeldPollsPerAgent()
                            + " long-polls on this instance; retry when one is answered"))
                    .header("Retry-After", "5").build());
        }
        return parked;
    }

    static Response render(Delivery delivery) {
        return delivery.isEmpty() ? Response.noContent().build()
                : Response.ok(delivery.toJson(), MediaType.APPLICATION_JSON_TYPE).build();
    }

    @POST
    @Path("start")
    public Response startAll(@Tolerant StartBatchRequest body) {
        return json(commands.startAll(caller.get().id(), body).toJson());
    }

    @POST
    @Path("results")
    public Response results(@Tolerant ResultBatchRequest body) {
        return json(ResultItem.toJson(results.results(caller.get().id(), body)));
    }

    @POST
    @Path("{id}/start")
    public Response start(@PathParam("id") String id) {
        UUID commandId = Ids.parse("id", id);
        commands.start(caller.get().id(), commandId);
        return answer(commandId, "running");
    }

    @POST
    @Path("{id}/progress")
    public Map<String, String> progress(@PathParam("id") String id, @Tolerant ProgressReport body) {
        commands.progress(caller.get().id(), Ids.parse("id", id), body);
        return Map.of("status", "running");
    }

    @POST
    @Path("{id}/result")
    public Response result(@PathParam("id") String id, @Tolerant ResultReport body) {
        UUID commandId = Ids.parse("id", id);
        results.result(caller.get().id(), commandId, body);
        return answer(commandId, "recorded");
    }

    /** The agent API answers minimally: the agent needs the verdict, not the command back. */
    private static Response answer(UUID id, String status) {
        return json("{\"id\":\"" + id + "\",\"status\":\"" + status + "\"}");
    }

    private static Response json(String body) {
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }
}
