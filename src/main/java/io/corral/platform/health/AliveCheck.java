package io.corral.platform.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.Liveness;

/**
 * Liveness: the application is deployed and answers. Deliberately no database: a restart does
 * not bring PostgreSQL back, so a database outage is a readiness matter only.
 */
@Liveness
@ApplicationScoped
public class AliveCheck implements HealthCheck {
    static final String NAME = "application";

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named(NAME).up()
                .withData("freeHeapBytes", Runtime.getRuntime().freeMemory()).build();
    }
}
