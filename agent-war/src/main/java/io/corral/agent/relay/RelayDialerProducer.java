package io.corral.agent.relay;

import io.corral.agent.control.ControlPlaneClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Makes the agent's one {@link RelayDialer} injectable and closes its relays when the agent stops. */
@ApplicationScoped
public class RelayDialerProducer {

    @Inject
    ControlPlaneClient controlPlane;

    @Inject
    @ConfigProperty(name = "CORRAL_AGENT_DESKTOP_URL", defaultValue = DesktopSettings.DEFAULT_URL)
    String desktopUrl;

    @Inject
    @ConfigProperty(name = "CORRAL_AGENT_DESKTOP_CONNECT_SECONDS", defaultValue = "5")
    int connectSeconds;

    private RelayDialer dialer;

    @Produces
    @Singleton
    RelayDialer dialer() {
        dialer = new RelayDialer(controlPlane.settings(),
                new DesktopSettings(desktopUrl.trim(), Duration.ofSeconds(Math.max(1, connectSeconds))));
        return dialer;
    }

    @PreDestroy
    void closeRelays() {
        if (dialer != null) {
            dialer.close();
        }
    }
}
