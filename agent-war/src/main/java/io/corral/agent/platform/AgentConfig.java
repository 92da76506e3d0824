package io.corral.agent.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The agent's settings, read once from MicroProfile Config. Names are the environment variable
 * names; defaults live in {@code META-INF/microprofile-config.properties}.
 */
@ApplicationScoped
public class AgentConfig {

    private static final Logger LOG = Logger.getLogger(AgentConfig.class.getName());

    @Inject
    @ConfigProperty(name = "CORRAL_AGENT_CONTROL_URL")
    String controlUrl;

    @Inject
    @ConfigProperty(name = "CORRAL_AGENT_TOKEN")
    Optional<String> controlToken;

    @Inject
    @ConfigProperty(name = "CORRAL_AGENT_PVE_URL")
    String pveUrl;

    @Inject
    @ConfigProperty(name = "CORRAL_AGENT_PVE_TOKEN")
    Optional<String> pveToken;

    @Inject
    @ConfigProperty(name = "CORRAL_AGENT_PVE_FINGERPRINT")
    Optional<String> pveFingerprint;

    @Inject
    @ConfigProperty(name = "CORRAL_AGENT_HEARTBEAT_SECONDS", defaultValue = "10")
    int heartbeatSeconds;

    @Inject
    @ConfigProperty(name = "CORRAL_AGENT_HTTP_TIMEOUT_SECONDS", defaultValue = "10")
    int httpTimeoutSeconds;

    public String controlUrl() {
        return controlUrl.trim();
    }

    public Optional<String> controlToken() {
        return nonBlank(controlToken);
    }

    public String pveUrl() {
        return pveUrl.trim();
    }

    public Optional<String> pveToken() {
        return nonBlank(pveToken);
    }

    public Optional<String> pveFingerprint() {
        return nonBlank(pveFingerprint);
    }

    public int heartbeatSeconds() {
        return atLeastOne("CORRAL_AGENT_HEARTBEAT_SECONDS", heartbeatSeconds);
    }

    public Duration httpTimeout() {
        return Duration.ofSeconds(atLeastOne("CORRAL_AGENT_HTTP_TIMEOUT_SECONDS", httpTimeoutSeconds));
    }

    private static Optional<String> nonBlank(Optional<String> value) {
        return value.map(String::trim).filter(v -> !v.isEmpty());
    }

    // A zero or negative interval would spin or fail the scheduler: fall back to 1 s rather
    // than refuse to deploy.
    private static int atLeastOne(String name, int value) {
        if (value < 1) {
            LOG.warning(() -> name + "=" + value + " is not a positive number of seconds; using 1");
            return 1;
        }
        return value;
    }
}
