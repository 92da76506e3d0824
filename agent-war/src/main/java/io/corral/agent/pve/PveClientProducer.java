package io.corral.agent.pve;

import io.corral.agent.platform.AgentConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/** Makes the one {@link PveClient} of this agent injectable, configured from {@link AgentConfig}. */
@ApplicationScoped
public class PveClientProducer {

    @Inject
    AgentConfig config;

    @Produces
    @Singleton
    PveClient pveClient() {
        return new PveClient(new PveSettings(config.pveUrl(), config.pveToken().orElse(null),
                config.pveFingerprint().orElse(null), config.httpTimeout()));
    }
}
