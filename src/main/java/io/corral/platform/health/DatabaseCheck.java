package io.corral.platform.health;

import io.corral.platform.db.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while PostgreSQL answers a round trip within {@value #TIMEOUT_SECONDS} s. */
@Readiness
@ApplicationScoped
public class DatabaseCheck implements HealthCheck {
    static final String NAME = "database";
    static final int TIMEOUT_SECONDS = 2;

    @Inject
    Jdbc jdbc;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named(NAME).status(up()).build();
    }

    boolean up() {
        return jdbc.isUp(TIMEOUT_SECONDS);
    }
}
