package io.corral.agent.ssh;

import io.corral.agent.platform.AgentConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Makes the one {@link SshAccess} of this agent injectable, configured from MicroProfile Config
 * ({@code CORRAL_AGENT_SSH_*}; defaults in {@code META-INF/microprofile-config.properties}).
 */
@ApplicationScoped
public class SshAccessProducer {

    private static final Logger LOG = Logger.getLogger(SshAccessProducer.class.getName());

    @Inject
    AgentConfig config;

    @Inject
    @ConfigProperty(name = "CORRAL_AGENT_SSH_TARGETS_FILE")
    Optional<String> targetsFile;

    @Inject
    @ConfigProperty(name = "CORRAL_AGENT_SSH_COMMANDS_FILE")
    Optional<String> commandsFile;

    @Inject
    @ConfigProperty(name = "CORRAL_AGENT_SSH_CONFIG_PATHS")
    Optional<String> configPaths;

    @Inject
    @ConfigProperty(name = "CORRAL_AGENT_SSH_ALLOW_LOOPBACK", defaultValue = "false")
    boolean allowLoopback;

    @Inject
    @ConfigProperty(name = "CORRAL_AGENT_SSH_CONNECT_TIMEOUT_SECONDS", defaultValue = "10")
    int connectTimeoutSeconds;

    @Inject
    @ConfigProperty(name = "CORRAL_AGENT_SSH_EXEC_TIMEOUT_SECONDS", defaultValue = "60")
    int execTimeoutSeconds;

    @Inject
    @ConfigProperty(name = "CORRAL_AGENT_SSH_KEY_DIR")
    Optional<String> keyDir;

    @Produces
    @Singleton
    SshAccess sshAccess() {
        SshSettings settings = new SshSettings(
                nonBlank(targetsFile).map(Path::of).orElse(config.dataDir().resolve("ssh-targets.json")),
                nonBlank(commandsFile).map(Path::of).orElse(null),
                nonBlank(configPaths).map(SshSettings::globs).orElse(SshSettings.DEFAULT_CONFIG_PATHS),
                allowLoopback,
                Duration.ofSeconds(positive("CORRAL_AGENT_SSH_CONNECT_TIMEOUT_SECONDS", connectTimeoutSeconds)),
                Duration.ofSeconds(positive("CORRAL_AGENT_SSH_EXEC_TIMEOUT_SECONDS", execTimeoutSeconds)),
                nonBlank(keyDir).map(Path::of).orElse(config.dataDir().resolve("keys")));
        LOG.info(() -> "SSH targets file " + settings.targetsFile() + ", key directory " + settings.keyDir()
                + ", config paths " + settings.configPaths()
                + (settings.allowLoopback() ? ", loopback targets allowed" : ""));
        return new SshAccess(settings);
    }

    void close(@Disposes SshAccess access) {
        access.close();
    }

    private static Optional<String> nonBlank(Optional<String> value) {
        return value.map(String::trim).filter(v -> !v.isEmpty());
    }

    private static int positive(String name, int value) {
        if (value < 1) {
            LOG.warning(() -> name + "=" + value + " is not a positive number of seconds; using 1");
            return 1;
        }
        return value;
    }
}
