package io.corral.fleet;

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

/** The services a guest is linked to (with {@code ?history=true} also the ended links). */
@RequestScoped
@Path("v1/vms/{id}/services")
@Produces(MediaType.APPLICATION_JSON)
@Access(Role.VIEWER)
public class VmServicesResource {
    @Inject
    ServiceLinkService links;

    @GET
    public Map<String, List<ServiceLinkView>> services(@PathParam("id") String id,
                                                       @QueryParam("history") String history) {
        return Map.of("items", links.ofVm(Ids.parse("id", id), ServiceLinkResource.flag("history", history)));
    }
}
