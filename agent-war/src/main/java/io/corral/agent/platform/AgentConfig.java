package io.corral.agent.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
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

    @Inject
    @ConfigProperty(name = "CORRAL_AGENT_WORKERS", defaultValue = "4")
    int workers;

    @Inject
    @ConfigProperty(name = "CORRAL_AGENT_WORKER_CAPACITY", defaultValue = "4")
    int workerCapacity;

    @Inject
    @ConfigProperty(name = "CORRAL_AGENT_POLL_WAIT_SECONDS", defaultValue = "25")
    int pollWaitSeconds;

    @Inject
    @ConfigProperty(name = "CORRAL_AGENT_TYPE_CONCURRENCY", defaultValue = "4")
    int typeConcurrency;

    @Inject
    @ConfigProperty(name = "CORRAL_AGENT_TYPE_CONCURRENCY_OVERRIDES")
    Optional<String> typeConcurrencyOverrides;

    @Inject
    @ConfigProperty(name = "CORRAL_AGENT_DATA_DIR")
    Optional<String> dataDir;

    @Inject
    @ConfigProperty(name = "CORRAL_AGENT_PROGRESS_SECONDS", defaultValue = "30")
    int progressSeconds;

    @Inject
    @ConfigProperty(name = "CORRAL_AGENT_ALLOW_HTTP", defaultValue = "false")
    boolean allowHttp;

    private Path preparedDataDir;

    /** @throws IllegalStateException for plain HTTP to another machine, unless CORRAL_AGENT_ALLOW_HTTP */
    public String controlUrl() {
        return UrlPolicy.check("CORRAL_AGENT_CONTROL_URL", controlUrl.trim(), allowHttp);
    }

    public Optional<String> controlToken() {
        return nonBlank(controlToken);
    }

    /** @throws IllegalStateException for plain HTTP to another machine, unless CORRAL_AGENT_ALLOW_HTTP */
    public String pveUrl() {
        return UrlPolicy.check("CORRAL_AGENT_PVE_URL", pveUrl.trim(), allowHttp);
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

    public int workers() {
        return atLeastOne("CORRAL_AGENT_WORKERS", workers, "worker loops");
    }

    public int workerCapacity() {
        return atLeastOne("CORRAL_AGENT_WORKER_CAPACITY", workerCapacity, "commands per worker loop");
    }

    /** The server holds a poll 0–60 s; 0 would make the loops spin, so 1–60. */
    public int pollWaitSeconds() {
        int seconds = atLeastOne("CORRAL_AGENT_POLL_WAIT_SECONDS", pollWaitSeconds);
        if (seconds > 60) {
            LOG.warning(() -> "CORRAL_AGENT_POLL_WAIT_SECONDS=" + seconds + " exceeds the control plane's "
                    + "limit of 60; using 60");
            return 60;
        }
        return seconds;
    }

    public int typeConcurrency() {
        return atLeastOne("CORRAL_AGENT_TYPE_CONCURRENCY", typeConcurrency, "commands per type");
    }

    /** {@code proxmox.clone=2,proxmox.destroy=8}: own bounds for some types. */
    public Map<String, Integer> typeConcurrencyOverrides() {
        return TypeLimits.parse(nonBlank(typeConcurrencyOverrides).orElse(""), LOG);
    }

    /**
     * Where the agent keeps state that must survive a restart (result outbox, synced targets, the
     * proxy certificate), created 0700 if missing.
     *
     * @throws IllegalStateException when it is owned by another user or writable by group or others
     */
    public synchronized Path dataDir() {
        if (preparedDataDir == null) {
            preparedDataDir = DataDirectory.prepare(dataDirLocation());
        }
        return preparedDataDir;
    }

    /** The configured data directory, else {@link DataDirectory#defaultLocation()}; nothing is created. */
    public Path dataDirLocation() {
        return nonBlank(dataDir).map(Path::of).orElseGet(DataDirectory::defaultLocation);
    }

    public Duration progressInterval() {
        return Duration.ofSeconds(atLeastOne("CORRAL_AGENT_PROGRESS_SECONDS", progressSeconds));
    }

    private static Optional<String> nonBlank(Optional<String> value) {
        return value.map(String::trim).filter(v -> !v.isEmpty());
    }

    // A zero or negative interval would spin or fail the scheduler: fall back to 1 s rather
    // than refuse to deploy.
    private static int atLeastOne(String name, int value) {
        return atLeastOne(name, value, "seconds");
    }

    private static int atLeastOne(String name, int value, String unit) {
        if (value < 1) {
            LOG.warning(() -> name + "=" + value + " is not a positive number of " + unit + "; using 1");
            return 1;
        }
        return value;
    }
}
