package io.corral.command;

import io.corral.fleet.AgentService;
import io.corral.platform.error.ValidationProblem;
import io.corral.platform.rest.Ids;
import io.corral.platform.rest.Params;
import io.corral.platform.security.Access;
import io.corral.platform.security.Caller;
import io.corral.platform.security.CurrentCaller;
import io.corral.platform.security.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The user API of the command bus. One instance for all requests (a request-scoped resource
 * costs a bean creation and its injections on every call); the caller comes from the
 * request-scoped {@link CurrentCaller}.
 */
@ApplicationScoped
@Path("v1/commands")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CommandResource {
    @Inject
    CommandService commands;

    @Inject
    CommandIntakeService intake;

    @Inject
    CommandWaits waits;

    @Inject
    AgentService agents;

    @Inject
    CurrentCaller caller;

    @Inject
    SecretViews secretViews;

    @POST
    @Access(Role.OPERATOR)
    public Response enqueue(EnqueueRequest body, @HeaderParam("Idempotency-Key") String idempotencyKey,
                            @Context UriInfo uriInfo) {
        CommandService.Enqueued e = intake.enqueue(body, idempotencyKey, caller.get().name());
        CommandView view = CommandView.of(e.command());
        if (!e.created()) {
            return Response.ok(view).header("Corral-Deduplicated", "true").build();
        }
        return Response.created(java.net.URI.create(uriInfo.getAbsolutePath() + "/" + view.id())).entity(view).build();
    }

    /**
     * Queues up to 500 commands, each like a single enqueue; partial success. One request
     * against the rate limit.
     */
    @POST
    @Path("batch")
    @Access(Role.OPERATOR)
    public Map<String, List<Map<String, Object>>> enqueueAll(EnqueueBatchRequest body) {
        if (body == null || body.commands() == null) {
            throw new ValidationProblem("commands", "is required: a list of 1-" + CommandIntakeService.MAX_BATCH
                    + " commands");
        }
        List<Map<String, Object>> items = new java.util.ArrayList<>();
        for (CommandIntakeService.Item item : intake.enqueueAll(body.commands(), caller.get().name())) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("index", item.index());
            if (item.error() != null) {
                one.put("status", item.error().status());
                one.put("error", Map.of("code", item.error().code(), "message", item.error().getMessage()));
            } else {
                one.put("status", item.enqueued().created() ? 201 : 200);
                one.put("command", CommandView.of(item.enqueued().command()));
            }
            items.add(one);
        }
        return Map.of("items", items);
    }

    @GET
    @Path("{id}")
    @Access(Role.VIEWER)
    public void get(@PathParam("id") String id, @QueryParam("wait") String wait, @Suspended AsyncResponse response) {
        UUID commandId = Ids.parse("id", id);
        int seconds = Params.intIn("wait", wait, 0, 60, 0);
        CommandRow row = commands.get(commandId);
        // Captured now: the answer to a wait is rendered on another thread, outside this request.
        Caller who = caller.get();
        java.util.function.Function<CommandRow, Object> view =
                r -> CommandView.shown(secretViews.shown(r, who.name(), who.role()));
        if (seconds == 0 || row.status().isFinal()) {
            response.resume(view.apply(row));
            return;
        }
        waits.await(commandId, seconds, response, view);
    }

    @GET
    @Path("{id}/events")
    @Access(Role.VIEWER)
    public Map<String, List<CommandEventView>> events(@PathParam("id") String id) {
        return Map.of("items", commands.events(Ids.parse("id", id)));
    }

    @POST
    @Path("{id}/cancel")
    @Access(Role.OPERATOR)
    public Response cancel(@PathParam("id") String id) {
        CommandService.Cancelled c = commands.cancel(Ids.parse("id", id), caller.get().name());
        return Response.status(c.immediate() ? 200 : 202).entity(CommandView.of(c.command())).build();
    }

    @GET
    @Access(Role.VIEWER)
    public Map<String, Object> list(@QueryParam("status") String status, @QueryParam("agent") String agent,
                                    @QueryParam("type") String type, @QueryParam("since") String since,
                                    @QueryParam("until") String until, @QueryParam("limit") String limit,
                                    @QueryParam("cursor") String cursor) {
        CommandStatus s = null;
        if (status != null) {
            s = CommandStatus.parse(status);
            if (s == null) {
                throw new ValidationProblem("status", "unknown status '" + status + "'");
            }
        }
        UUID agentId = agent == null ? null
                : Ids.isUuid(agent) ? agents.find(Ids.parse("agent", agent)).getId() : agents.findByName(agent).getId();
        int pageSize = Params.intIn("limit", limit, 1, 500, 50);
        CommandFilter filter = new CommandFilter(s, agentId, type, time("since", since), time("until", until),
                pageSize, cursor(cursor));
        List<CommandView> items = commands.list(filter).stream().map(CommandView::of).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", items);
        body.put("nextCursor", items.size() < pageSize ? null
                : new CommandFilter.Cursor(items.get(items.size() - 1).createdAt(), items.get(items.size() - 1).id())
                        .encode());
        return body;
    }

    private static OffsetDateTime time(String field, String value) {
        try {
            return value == null ? null : OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            throw new ValidationProblem(field, "must be an ISO-8601 timestamp with offset, e.g. 2026-11-23T10:00:00Z");
        }
    }

    private static CommandFilter.Cursor cursor(String value) {
        try {
            return value == null ? null : CommandFilter.Cursor.decode(value);
        } catch (RuntimeException e) {
            throw new ValidationProblem("cursor", "not a cursor from a previous page");
        }
    }
}
