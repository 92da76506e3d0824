package io.corral.launcher;

import io.corral.launcher.ControlPlaneClient.AgentCredentials;
import io.corral.pvesim.PveSimulator;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How the stack's Payara Micro processes are started: each one's WAR, ports, directories, log and
 * environment. {@link Stack} decides when; this class says with what.
 */
final class StackSpecs {
    /**
     * Jakarta Batch keeps its job repository in the control plane's own PostgreSQL: the data source
     * the WAR defines as {@code java:global/jdbc/corral} (DataSourceConfig), schema {@code public},
     * tables {@code jbatch*} (Payara creates them on first use). Without this Payara Micro uses an
     * H2 file under the work directory, which every start deletes. The dotted {@code set} is used
     * because {@code set-batch-runtime-configuration} accepts only server-level JDBC resources.
     * Then Payara Micro's default H2 resource and pool go: nothing uses them once the batch runtime
     * is moved (EJB timers live in the data grid), yet the pool would be created and reported.
     */
    static final List<String> CONTROL_PLANE_PREBOOT = List.of(
            "set configs.config.server-config.batch-runtime-configuration.data-source-lookup-name=java:global/jdbc/corral",
            "set configs.config.server-config.batch-runtime-configuration.schema-name=public",
            "set configs.config.server-config.batch-runtime-configuration.table-prefix=jbatch",
            "delete-jdbc-resource jdbc/__default",
            "delete-jdbc-connection-pool H2Pool");
    /** The agent's data-grid start port (it runs alone: {@code --nocluster}). */
    private static final int AGENT_GRID_PORT = 6950;

    /** Where the control plane finds its database. */
    record Database(String url, String user, String password) {
    }

    private final LaunchOptions options;
    private final StackFiles files;
    private final Path logDir;

    StackSpecs(LaunchOptions options, StackFiles files, Path logDir) {
        this.options = options;
        this.files = files;
        this.logDir = logDir;
    }

    /**
     * A control-plane instance named {@code name} (its directory and {@code <name>.log}), with
     * {@code settings} over the configured environment.
     */
    PayaraSpec controlPlane(String name, int httpPort, int gridPort, PayaraSpec.Cluster cluster, Database db,
                            LauncherState state, Map<String, String> settings) {
        Map<String, String> env = new HashMap<>(options.controlPlaneEnv());
        env.putAll(Map.of(
                "CORRAL_DB_URL", db.url(),
                "CORRAL_DB_USER", db.user(),
                "CORRAL_DB_PASSWORD", db.password(),
                "CORRAL_ADMIN_USER", Stack.ADMIN_USER,
                "CORRAL_ADMIN_PASSWORD", state.adminPassword(),
                "CORRAL_BOOTSTRAP_TOKEN", state.bootstrapToken(),
                "CORRAL_AGENT_TTL_SECONDS", Integer.toString(options.agentTtlSeconds())));
        env.putAll(vaultEnv(options.controlPlaneEnv(), System.getenv(), state.vaultKey()));
        env.putAll(PayaraThreads.controlPlaneEnv(options.controlPlaneEnv(), System.getenv()));
        // The name a balancer in front of the instances routes a desktop relay's sockets by.
        env.put("CORRAL_INSTANCE_NAME", name);
        env.putAll(settings);
        return new PayaraSpec(name, files.payaraJar(), files.controlPlaneWar(), "/", httpPort, gridPort,
                payaraDir(name), logDir.resolve(name + ".log"), env,
                URI.create("http://127.0.0.1:" + httpPort + "/api/v1/health"), CONTROL_PLANE_PREBOOT, cluster);
    }

    /**
     * The vault key kept in the launcher state, as key version 1, unless the test or the
     * launcher's own environment configures the vault's keys (the control plane inherits that).
     */
    static Map<String, String> vaultEnv(Map<String, String> configured, Map<String, String> inherited, String key) {
        if (configured.containsKey("CORRAL_VAULT_KEYS") || inherited.containsKey("CORRAL_VAULT_KEYS")) {
            return Map.of();
        }
        return Map.of("CORRAL_VAULT_KEYS", "1:" + key, "CORRAL_VAULT_ACTIVE_KEY", "1");
    }

    /** The agent, talking to {@code controlPlaneUrl} (unless configured otherwise) and to the simulator. */
    PayaraSpec agent(int agentPort, int proxyPort, String controlPlaneUrl, AgentCredentials credentials,
                     LauncherState state, PveSimulator simulator, String pveUrl) throws IOException {
        Map<String, String> env = new HashMap<>(options.agentEnv());
        env.putAll(Map.of(
                "CORRAL_AGENT_DATA_DIR", agentDataDir().toAbsolutePath().toString(),
                "CORRAL_AGENT_PROXY_BIND", "127.0.0.1",
                "CORRAL_AGENT_PROXY_PORT", Integer.toString(proxyPort),
                "CORRAL_AGENT_TOKEN", credentials.token(),
                "CORRAL_AGENT_PVE_URL", pveUrl,
                "CORRAL_AGENT_PVE_FINGERPRINT", simulator.certificateSha256(),
                "CORRAL_AGENT_PVE_TOKEN", Stack.PVE_TOKEN_ID + "=" + state.pveTokenSecret(),
                "CORRAL_AGENT_HEARTBEAT_SECONDS", Integer.toString(options.heartbeatSeconds())));
        // A balancer in front of several instances, when the caller gives one.
        env.putIfAbsent("CORRAL_AGENT_CONTROL_URL", controlPlaneUrl);
        // The simulator's guest desktops stand in for each guest's websockify on port 6080.
        env.putIfAbsent("CORRAL_AGENT_DESKTOP_URL", simulator.desktopUrlTemplate());
        String agentUrl = "http://127.0.0.1:" + agentPort + "/agent";
        return new PayaraSpec("agent", files.payaraJar(), files.agentWar(), "/agent", agentPort, AGENT_GRID_PORT,
                payaraDir("agent"), logDir.resolve("agent.log"), env, URI.create(agentUrl + "/api/health"));
    }

    /** A Payara process's root directory. */
    Path payaraDir(String name) {
        return options.dataDir().resolve("payara").resolve(name);
    }

    /**
     * The agent's data directory, private (0700) as the agent requires: it refuses one that others
     * may write. The launcher's own directory, so an older, wider mode is narrowed.
     */
    private Path agentDataDir() throws IOException {
        Path dir = options.dataDir().resolve("agent");
        Files.createDirectories(dir);
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
        return dir;
    }
}
