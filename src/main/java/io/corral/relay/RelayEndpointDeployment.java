package io.corral.relay;

import io.corral.platform.rest.WebSocketEndpoints;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/** Makes sure the browser's relay endpoint is deployed (see {@link WebSocketEndpoints}). */
@WebListener
public class RelayEndpointDeployment implements ServletContextListener {
    @Override
    public void contextInitialized(ServletContextEvent event) {
        WebSocketEndpoints.ensure(event.getServletContext(), BrowserRelayEndpoint.class);
    }
}
