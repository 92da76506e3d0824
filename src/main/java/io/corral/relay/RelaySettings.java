package io.corral.relay;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.regex.Pattern;

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

    @Inject
    @ConfigProperty(name = "CORRAL_INSTANCE_NAME")
    Optional<String> instanceName;

    private static final Pattern INSTANCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    private static final Logger LOG = Logger.getLogger(RelaySettings.class.getName());

    /** How long a desktop ticket opens the relay's WebSocket. */
    public Duration ticketTtl() {
        return Duration.ofSeconds(Math.max(1, ticketSeconds));
    }

    /** How long a browser waits for its agent to dial back before the relay fails. */
    public Duration dialBack() {
        return Duration.ofSeconds(Math.max(1, dialBackSeconds));
    }

    /**
     * This instance's name, as the balancer in front of several instances knows it: a relay's two
     * sockets carry it ({@code ?instance=…}) so that they can be routed to the instance holding the
     * relay. Empty when not set (one instance), or when not a plain name (said once in the log).
     */
    public Optional<String> instance() {
        Optional<String> name = instanceName.map(String::trim).filter(n -> !n.isEmpty());
        if (name.isPresent() && !INSTANCE.matcher(name.get()).matches()) {
            LOG.warning(() -> "CORRAL_INSTANCE_NAME is not a plain name (letters, digits, '.', '_', '-'): relays "
                    + "carry no instance");
            instanceName = Optional.empty();
            return Optional.empty();
        }
        return name;
    }

    /** Finished relays kept (newest first) so their outcome can still be read. */
    public int keepFinished() {
        return Math.max(0, keepFinished);
    }
}
