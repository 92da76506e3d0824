package io.corral.platform.rest;

import io.corral.platform.db.DataSourceConfig;
import io.corral.platform.security.Access;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
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
        try (Connection c = dataSource.getConnection()) {
            boolean valid = c.isValid(2);
            return Response.status(valid ? 200 : 503)
                    .entity(Map.of("status", valid ? "UP" : "DOWN", "database", valid ? "UP" : "DOWN")).build();
        } catch (SQLException e) {
            return Response.status(503).entity(Map.of("status", "DOWN", "database", "DOWN")).build();
        }
    }
}
