package io.corral.relay;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;

/** The one reader of the desktop relay's settings. */
@ApplicationScoped
public class RelaySettings {
    @Inject
    @ConfigProperty(name = "CORRAL_RELAY_TICKET_SECONDS", defaultValue = "60")
    int ticketSeconds;

    @Inject
    @ConfigProperty(name = "CORRAL_RELAY_DIAL_BACK_SECONDS", defaultValue = "10")
    int dialBackSeconds;

    @Inject
    @ConfigProperty(name = "CORRAL_RELAY_KEEP_FINISHED", defaultValue = "200")
    int keepFinished;

    /** How long a desktop ticket opens the relay's WebSocket. */
    public Duration ticketTtl() {
        return Duration.ofSeconds(Math.max(1, ticketSeconds));
    }

    /** How long a browser waits for its agent to dial back before the relay fails. */
    public Duration dialBack() {
        return Duration.ofSeconds(Math.max(1, dialBackSeconds));
    }

    /** Finished relays kept (newest first) so their outcome can still be read. */
    public int keepFinished() {
        return Math.max(0, keepFinished);
    }
}
