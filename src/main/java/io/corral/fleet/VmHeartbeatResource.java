package io.corral.fleet;

import io.corral.platform.json.StrictJson;
import io.corral.platform.security.Access;
import io.corral.platform.security.CurrentCaller;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.UUID;

/**
 * The heartbeat of the helper inside a guest, authenticated by that guest's own helper token
 * (the filter has already checked that the token is this guest's and the id well-formed).
 */
@RequestScoped
@Path("v1/vms/{id}/heartbeat")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Access(vm = true)
public class VmHeartbeatResource {
    @Inject
    VmHeartbeatService heartbeats;

    @Inject
    CurrentCaller caller;

    /** No body at all is a plain sign of life too, so the simplest helper is a bodiless POST. */
    @POST
    public VmHeartbeatView beat(@PathParam("id") String id, byte[] body) {
        VmHeartbeatRequest request = body == null || body.length == 0 ? VmHeartbeatRequest.EMPTY
                : StrictJson.read(body, VmHeartbeatRequest.class, false);
        return heartbeats.beat(UUID.fromString(id), caller.tokenHash(), request);
    }
}
