package io.corral.agent.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.logging.Logger;

/**
 * Refuses to start an agent whose data directory or base URLs are unsafe: the deployment fails
 * with one log line that names the setting, instead of an agent that runs insecurely.
 */
@ApplicationScoped
public class StartupChecks {

    private static final Logger LOG = Logger.getLogger(StartupChecks.class.getName());

    @Inject
    AgentConfig config;

    void check(@Observes @Initialized(ApplicationScoped.class) Object started) {
        try {
            config.controlUrl();
            config.pveUrl();
            LOG.info(() -> "Data directory " + config.dataDir());
        } catch (IllegalStateException e) {
            LOG.severe(() -> "Agent not started: " + e.getMessage());
            throw e;
        }
    }
}
