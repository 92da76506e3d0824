package io.corral.agent.control;

import io.corral.agent.platform.AgentConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/** Makes the one {@link ControlPlaneClient} of this agent injectable. */
@ApplicationScoped
public class ControlPlaneClientProducer {

    @Inject
    AgentConfig config;

    @Produces
    @Singleton
    ControlPlaneClient controlPlaneClient() {
        return new ControlPlaneClient(new ControlPlaneSettings(config.controlUrl(),
                config.controlToken().orElse(null), config.httpTimeout()));
    }
}
