package io.corral.platform.rest;

import jakarta.servlet.ServletContext;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Registers an annotated WebSocket endpoint with the container explicitly, at deployment. Left to the
 * container's class scan alone, some deployments answered 404 to every upgrade of the relay's
 * endpoints (about one full test run in three); registered here, the container deploys it with the
 * scanned ones (an endpoint it already has is refused, and nothing changes).
 */
public final class WebSocketEndpoints {
    private static final Logger LOG = Logger.getLogger(WebSocketEndpoints.class.getName());

    private WebSocketEndpoints() {
    }

    public static void ensure(ServletContext context, Class<?> endpoint) {
        Object container = context.getAttribute(ServerContainer.class.getName());
        if (!(container instanceof ServerContainer server)) {
            LOG.warning(() -> "No WebSocket container in this application: " + endpoint.getSimpleName() + " not deployed");
            return;
        }
        try {
            server.addEndpoint(endpoint);
            LOG.info(() -> "WebSocket endpoint " + endpoint.getSimpleName() + " registered");
        } catch (DeploymentException | IllegalStateException e) {
            LOG.log(Level.FINE, "WebSocket endpoint " + endpoint.getSimpleName() + " already deployed: "
                    + e.getMessage(), e);
        }
    }
}
