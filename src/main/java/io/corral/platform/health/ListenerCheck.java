package io.corral.platform.health;

import io.corral.command.NotifyListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while the command bus's LISTEN connection is up: without it this instance misses
 * work queued and commands finished on other instances until it reconnects.
 */
@Readiness
@ApplicationScoped
public class ListenerCheck implements HealthCheck {
    static final String NAME = "notification-listener";

    @Inject
    NotifyListener listener;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named(NAME).status(up()).build();
    }

    boolean up() {
        return listener.listening();
    }
}
