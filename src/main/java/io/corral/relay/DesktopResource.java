package io.corral.relay;

import io.corral.platform.rest.Ids;
import io.corral.platform.security.Access;
import io.corral.platform.security.CurrentCaller;
import io.corral.platform.security.Role;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.net.URI;

/** Opens a VM's desktop: a relay and the one-time ticket for its WebSocket. */
@RequestScoped
@Path("v1/vms/{id}/desktop")
@Produces(MediaType.APPLICATION_JSON)
@Access(Role.OPERATOR)
public class DesktopResource {
    @Inject
    RelayService relays;

    @Inject
    CurrentCaller caller;

    @Context
    UriInfo uriInfo;

    @POST
    public Response open(@PathParam("id") String id) {
        RelayService.Issued issued = relays.issue(Ids.parse("id", id), caller.get().name());
        Relay relay = issued.relay();
        String url = socketUrl(uriInfo.getBaseUri(), relay.id().toString(), issued.ticket(), relays.instance());
        return Response.status(Response.Status.CREATED)
                .entity(new DesktopTicketView(relay.id(), issued.ticket(), url, relay.ticketExpiresAt(), relay.view()))
                .build();
    }

    /**
     * {@code ws(s)://host/…/relay/{id}?ticket=…} next to the API's base ({@code …/api/}), with
     * {@code &instance=…} when this instance has a name for the balancer to route by.
     */
    static String socketUrl(URI apiBase, String relayId, String ticket, java.util.Optional<String> instance) {
        String root = apiBase.getRawPath().replaceFirst("api/?$", "");
        String scheme = "https".equalsIgnoreCase(apiBase.getScheme()) ? "wss" : "ws";
        return scheme + "://" + apiBase.getRawAuthority() + (root.endsWith("/") ? root : root + "/") + "relay/" + relayId
                + "?ticket=" + ticket + instance.map(name -> "&instance=" + name).orElse("");
    }
}
