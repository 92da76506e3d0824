package io.corral.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.Optional;

/** The auth sessions' configuration: providers, the time limit, command expiry, VM preservation. */
@ApplicationScoped
public class AuthSettings {
    @Inject
    @ConfigProperty(name = "CORRAL_AUTH_PROVIDERS")
    Optional<String> providersText;

    @Inject
    @ConfigProperty(name = "CORRAL_AUTH_SESSION_TIMEOUT_MINUTES", defaultValue = "120")
    int timeoutMinutes;

    @Inject
    @ConfigProperty(name = "CORRAL_AUTH_COMMAND_EXPIRY_SECONDS", defaultValue = "900")
    int commandExpirySeconds;

    @Inject
    @ConfigProperty(name = "CORRAL_DEBUG_PRESERVE_VMS", defaultValue = "false")
    boolean preserveVms;

    private volatile AuthProviders providers;

    /** The configured providers, parsed once; a malformed setting fails every use with its message. */
    public AuthProviders providers() {
        AuthProviders p = providers;
        if (p == null) {
            p = AuthProviders.parse(providersText.orElse(null), name -> ConfigProvider.getConfig()
                    .getOptionalValue(AuthProviders.checkUrlKey(name), String.class).orElse(null));
            providers = p;
        }
        return p;
    }

    /** A session not completed within this time (from its start) is timed out by the cleanup task. */
    public Duration timeout() {
        if (timeoutMinutes < 1 || timeoutMinutes > 10_080) {
            throw new IllegalStateException("CORRAL_AUTH_SESSION_TIMEOUT_MINUTES must be from 1 to 10080, not "
                    + timeoutMinutes);
        }
        return Duration.ofMinutes(timeoutMinutes);
    }

    /** How long the clone, start and destroy commands of a session may wait for their agent. */
    public int commandExpirySeconds() {
        if (commandExpirySeconds < 10 || commandExpirySeconds > 86_400) {
            throw new IllegalStateException("CORRAL_AUTH_COMMAND_EXPIRY_SECONDS must be from 10 to 86400, not "
                    + commandExpirySeconds);
        }
        return commandExpirySeconds;
    }

    /** While true, no session's VM is destroyed (a cancel or timeout says so in the session). */
    public boolean preserveVms() {
        return preserveVms;
    }
}
