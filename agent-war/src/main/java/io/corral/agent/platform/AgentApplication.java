package io.corral.agent.platform;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The agent's own small HTTP surface (health now; the PVE proxy later lives on its own port). */
@ApplicationPath("api")
public class AgentApplication extends Application {
}
