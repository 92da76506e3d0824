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

import java.time.Instant;

/** A guest's metrics history: {@code since}/{@code until} instants (default the last hour), optional {@code step}. */
@RequestScoped
@Path("v1/vms/{id}/metrics")
@Produces(MediaType.APPLICATION_JSON)
@Access(Role.VIEWER)
public class VmMetricsResource {
    @Inject
    MetricsService metrics;

    @GET
    public VmMetricsView series(@PathParam("id") String id, @QueryParam("since") String since,
                                @QueryParam("until") String until, @QueryParam("step") String step) {
        return metrics.series(Ids.parse("id", id), MetricsQuery.parse(since, until, step, Instant.now()));
    }
}
