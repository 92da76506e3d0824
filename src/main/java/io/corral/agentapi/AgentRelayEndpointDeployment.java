package io.corral.agentapi;

import io.corral.platform.rest.WebSocketEndpoints;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/** Makes sure the agents' relay dial-back endpoint is deployed (see {@link WebSocketEndpoints}). */
@WebListener
public class AgentRelayEndpointDeployment implements ServletContextListener {
    @Override
    public void contextInitialized(ServletContextEvent event) {
        WebSocketEndpoints.ensure(event.getServletContext(), AgentRelayEndpoint.class);
    }
}
