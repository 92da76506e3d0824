package io.corral.agent.proxy;

import io.corral.agent.clone.CloneGate;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.util.logging.Logger;

/**
 * Starts the PVE API proxy when the agent is deployed (unless {@code CORRAL_AGENT_PROXY_ENABLED}
 * is false) and stops it on undeploy. A proxy that cannot start (port taken, bad keystore) is
 * logged and left off: the rest of the agent keeps working.
 */
@Startup
@Singleton
public class PveProxyLifecycle {

    private static final Logger LOG = Logger.getLogger(PveProxyLifecycle.class.getName());

    @Inject
    ProxyConfig config;

    /** The agent's one clone gate: the proxy and the proxmox.clone executor queue in the same line. */
    @Inject
    CloneGate gate;

    private PveProxyServer server;

    @PostConstruct
    void start() {
        if (!config.enabled()) {
            LOG.info("PVE API proxy disabled (CORRAL_AGENT_PROXY_ENABLED=false)");
            return;
        }
        try {
            ProxySettings settings = config.settings();
            server = new PveProxyServer(settings, gate);
            server.start();
        } catch (IllegalArgumentException | IllegalStateException e) {
            LOG.severe(() -> "PVE API proxy not started: " + e.getMessage());
            stop();
        }
    }

    @PreDestroy
    void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
