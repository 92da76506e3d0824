package io.corral.auth;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;

import java.util.logging.Logger;

/**
 * At deployment: a malformed {@code CORRAL_AUTH_PROVIDERS} or an out-of-range session setting refuses
 * the deployment with the entry at fault, instead of failing every session start later. No providers
 * at all is allowed: starting a session then answers 400 naming {@code provider}.
 */
@Singleton
@Startup
public class AuthConfigCheck {
    private static final Logger LOG = Logger.getLogger(AuthConfigCheck.class.getName());

    @Inject
    AuthSettings settings;

    @PostConstruct
    void check() {
        AuthProviders providers;
        try {
            providers = settings.providers();
            settings.timeout();
            settings.commandExpirySeconds();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IllegalStateException("Auth session configuration refused: " + e.getMessage());
        }
        LOG.info("Auth sessions: providers " + (providers.all().isEmpty() ? "none (CORRAL_AUTH_PROVIDERS)"
                : providers.all().values().stream().map(p -> p.name() + "=" + p.agent() + "/" + p.node() + "/"
                + p.templateVmid() + (p.checkUrl() == null ? "" : " (check URL)")).toList())
                + ", timeout " + settings.timeout().toMinutes() + " min"
                + (settings.preserveVms() ? ", VMs preserved (CORRAL_DEBUG_PRESERVE_VMS)" : ""));
    }
}
