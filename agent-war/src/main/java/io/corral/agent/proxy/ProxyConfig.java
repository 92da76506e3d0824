package io.corral.agent.proxy;

import io.corral.agent.platform.AgentConfig;
import io.corral.agent.pve.PveSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The PVE API proxy's settings from MicroProfile Config ({@code CORRAL_AGENT_PROXY_*}; defaults in
 * {@code META-INF/microprofile-config.properties}). Where to forward to comes from the agent's
 * own Proxmox settings ({@code CORRAL_AGENT_PVE_URL}, {@code _FINGERPRINT}, {@code _TOKEN}).
 */
@ApplicationScoped
public class ProxyConfig {

    private static final Logger LOG = Logger.getLogger(ProxyConfig.class.getName());

    @Inject
    AgentConfig agent;

    @Inject
    @ConfigProperty(name = "CORRAL_AGENT_PROXY_ENABLED", defaultValue = "true")
    boolean enabled;

    @Inject
    @ConfigProperty(name = "CORRAL_AGENT_PROXY_BIND", defaultValue = ProxySettings.DEFAULT_BIND)
    String bind;

    @Inject
    @ConfigProperty(name = "CORRAL_AGENT_PROXY_PORT", defaultValue = "8007")
    int port;

    @Inject
    @ConfigProperty(name = "CORRAL_AGENT_PROXY_KEYSTORE")
    Optional<String> keystore;

    @Inject
    @ConfigProperty(name = "CORRAL_AGENT_PROXY_KEYSTORE_PASSWORD")
    Optional<String> keystorePassword;

    @Inject
    @ConfigProperty(name = "CORRAL_AGENT_PROXY_PLAIN_HTTP", defaultValue = "false")
    boolean plainHttp;

    @Inject
    @ConfigProperty(name = "CORRAL_AGENT_PROXY_AUTH", defaultValue = "passthrough")
    String auth;

    /** The secret clients present in {@code agent} auth mode; never logged. */
    @Inject
    @ConfigProperty(name = "CORRAL_AGENT_PROXY_CREDENTIAL")
    Optional<String> credential;

    @Inject
    @ConfigProperty(name = "CORRAL_AGENT_PROXY_HEADER_TIMEOUT_SECONDS", defaultValue = "10")
    int headerTimeoutSeconds;

    @Inject
    @ConfigProperty(name = "CORRAL_AGENT_PROXY_BODY_TIMEOUT_SECONDS", defaultValue = "30")
    int bodyTimeoutSeconds;

    @Inject
    @ConfigProperty(name = "CORRAL_AGENT_PROXY_UPLOAD_TIMEOUT_SECONDS", defaultValue = "300")
    int uploadTimeoutSeconds;

    @Inject
    @ConfigProperty(name = "CORRAL_AGENT_PROXY_IDLE_TIMEOUT_SECONDS", defaultValue = "60")
    int idleTimeoutSeconds;

    @Inject
    @ConfigProperty(name = "CORRAL_AGENT_PROXY_MAX_CONNECTIONS", defaultValue = "1000")
    int maxConnections;

    @Inject
    @ConfigProperty(name = "CORRAL_AGENT_PROXY_CLONE_WAIT_SECONDS", defaultValue = "600")
    int cloneWaitSeconds;

    @Inject
    @ConfigProperty(name = "CORRAL_AGENT_PROXY_UPSTREAM_TIMEOUT_SECONDS", defaultValue = "120")
    int upstreamTimeoutSeconds;

    public boolean enabled() {
        return enabled;
    }

    /** @throws IllegalArgumentException for a setting that cannot work (named in the message) */
    public ProxySettings settings() {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("CORRAL_AGENT_PROXY_PORT=" + port + " is not a port");
        }
        PveSettings upstream = new PveSettings(agent.pveUrl(), agent.pveToken().orElse(null),
                agent.pveFingerprint().orElse(null), agent.httpTimeout());
        Path store = nonBlank(keystore).map(Path::of).orElse(null);
        ProxyLimits limits = new ProxyLimits(
                Duration.ofSeconds(atLeast("CORRAL_AGENT_PROXY_HEADER_TIMEOUT_SECONDS", headerTimeoutSeconds, 1)),
                Duration.ofSeconds(atLeast("CORRAL_AGENT_PROXY_BODY_TIMEOUT_SECONDS", bodyTimeoutSeconds, 1)),
                Duration.ofSeconds(atLeast("CORRAL_AGENT_PROXY_IDLE_TIMEOUT_SECONDS", idleTimeoutSeconds, 1)),
                atLeast("CORRAL_AGENT_PROXY_MAX_CONNECTIONS", maxConnections, 1),
                Duration.ofSeconds(atLeast("CORRAL_AGENT_PROXY_UPLOAD_TIMEOUT_SECONDS", uploadTimeoutSeconds, 1)));
        return new ProxySettings(bind == null || bind.isBlank() ? ProxySettings.DEFAULT_BIND : bind.trim(), port, plainHttp,
                store, nonBlank(keystorePassword).orElse(null), agent.dataDir().resolve("proxy-tls.p12"),
                ProxySettings.AuthMode.parse(auth), nonBlank(credential).orElse(null),
                Duration.ofSeconds(atLeast("CORRAL_AGENT_PROXY_CLONE_WAIT_SECONDS", cloneWaitSeconds, 1)),
                Duration.ofSeconds(atLeast("CORRAL_AGENT_PROXY_UPSTREAM_TIMEOUT_SECONDS", upstreamTimeoutSeconds, 1)),
                limits, upstream);
    }

    private static Optional<String> nonBlank(Optional<String> value) {
        return value.map(String::trim).filter(v -> !v.isEmpty());
    }

    private static int atLeast(String name, int value, int minimum) {
        if (value < minimum) {
            LOG.warning(() -> name + "=" + value + " is below " + minimum + "; using " + minimum);
            return minimum;
        }
        return value;
    }
}
