package io.corral.platform.health;

import io.corral.platform.db.DataSourceConfig;
import io.corral.platform.db.Jdbc;
import io.corral.platform.security.Access;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import javax.sql.DataSource;
import java.util.Map;

/** Readiness for load balancers and the launcher: up when the database answers. */
@RequestScoped
@Path("v1/health")
@Produces(MediaType.APPLICATION_JSON)
@Access(open = true)
public class HealthResource {
    @Resource(lookup = DataSourceConfig.JNDI_NAME)
    DataSource dataSource;

    @GET
    public Response health() {
        boolean up = new Jdbc(dataSource).isUp(2);
        return Response.status(up ? 200 : 503)
                .entity(Map.of("status", up ? "UP" : "DOWN", "database", up ? "UP" : "DOWN")).build();
    }
}
