package io.corral.relay;

import io.corral.platform.error.NotFoundProblem;
import io.corral.platform.rest.Ids;
import io.corral.platform.security.Access;
import io.corral.platform.security.Role;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Desktop relays of this instance: state, bytes each way, times, last error. */
@RequestScoped
@Path("v1/relays")
@Produces(MediaType.APPLICATION_JSON)
@Access(Role.OPERATOR)
public class RelayResource {
    @Inject
    RelayService relays;

    @GET
    public Map<String, Object> list(@QueryParam("vm") String vm) {
        UUID vmId = vm == null ? null : Ids.parse("vm", vm);
        List<RelayView> items = relays.list(vmId);
        return Map.of("items", items, "total", items.size());
    }

    @GET
    @Path("{id}")
    public RelayView get(@PathParam("id") String id) {
        UUID relayId = Ids.parse("id", id);
        return relays.find(relayId).map(Relay::view).orElseThrow(() -> new NotFoundProblem("Relay", relayId));
    }
}
