package io.corral.agent.executor.proxmox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@link ProxmoxSettings} from MicroProfile Config ({@code CORRAL_AGENT_PVE_TASK_*}, {@code …_LOCK_*},
 * {@code CORRAL_AGENT_CONFIG_SET_KEYS}).
 */
@ApplicationScoped
public class ProxmoxSettingsProducer {

    @Inject
    @ConfigProperty(name = "CORRAL_AGENT_PVE_TASK_POLL_MS", defaultValue = "500")
    long pollMillis;

    @Inject
    @ConfigProperty(name = "CORRAL_AGENT_PVE_TASK_POLL_MIN_MS", defaultValue = "25")
    long pollMinMillis;

    @Inject
    @ConfigProperty(name = "CORRAL_AGENT_PVE_LOCK_RETRIES", defaultValue = "3")
    int lockRetries;

    @Inject
    @ConfigProperty(name = "CORRAL_AGENT_PVE_LOCK_BACKOFF_MS", defaultValue = "2000")
    long backoffMillis;

    @Inject
    @ConfigProperty(name = "CORRAL_AGENT_PVE_LOCK_BACKOFF_MAX_MS", defaultValue = "8000")
    long backoffMaxMillis;

    @Inject
    @ConfigProperty(name = "CORRAL_AGENT_CLONE_WAIT_SECONDS", defaultValue = "3600")
    long cloneWaitSeconds;

    @Inject
    @ConfigProperty(name = "CORRAL_AGENT_CONFIG_SET_KEYS")
    java.util.Optional<String> configSetKeys;

    @Produces
    @Singleton
    ProxmoxSettings proxmoxSettings() {
        ProxmoxSettings defaults = ProxmoxSettings.defaults();
        return new ProxmoxSettings(Duration.ofMillis(pollMillis), Duration.ofMillis(pollMinMillis), lockRetries, Duration.ofMillis(backoffMillis),
                Duration.ofMillis(backoffMaxMillis), defaults.stopWait(), defaults.pollErrorGrace(),
                Duration.ofSeconds(Math.max(0, cloneWaitSeconds)), defaults.logTailLines(),
                ConfigSetKeys.parse(configSetKeys.orElse("")));
    }
}
