package io.corral.launcher;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to start a {@link Stack}. Port 0 means "pick a free port"; without a database URL the
 * stack runs an embedded PostgreSQL under the data directory.
 */
public final class LaunchOptions {

    private final Path dataDir;
    private final Path stackDir;
    private final int httpPort;
    private final int agentPort;
    private final int pvePort;
    private final int proxyPort;
    private final double pveTimeFactor;
    private final Path pveSeed;
    private final int dbPort;
    private final String dbUrl;
    private final String dbUser;
    private final String dbPassword;
    private final int heartbeatSeconds;
    private final int agentTtlSeconds;
    private final String agentName;
    private final boolean cluster;
    private final Map<String, String> controlPlaneEnv;
    private final Map<String, String> agentEnv;

    private LaunchOptions(Builder b) {
        this.dataDir = b.dataDir.toAbsolutePath().normalize();
        this.stackDir = b.stackDir == null ? null : b.stackDir.toAbsolutePath().normalize();
        this.httpPort = port(b.httpPort, "http port");
        this.agentPort = port(b.agentPort, "agent port");
        this.pvePort = port(b.pvePort, "pve port");
        this.proxyPort = port(b.proxyPort, "proxy port");
        this.pveTimeFactor = b.pveTimeFactor;
        this.pveSeed = b.pveSeed == null ? null : b.pveSeed.toAbsolutePath().normalize();
        this.dbPort = port(b.dbPort, "db port");
        this.dbUrl = blankToNull(b.dbUrl);
        this.dbUser = b.dbUser == null ? "" : b.dbUser;
        this.dbPassword = b.dbPassword == null ? "" : b.dbPassword;
        this.heartbeatSeconds = positive(b.heartbeatSeconds, "heartbeat seconds");
        this.agentTtlSeconds = positive(b.agentTtlSeconds, "agent TTL seconds");
        this.agentName = Objects.requireNonNull(b.agentName);
        this.cluster = b.cluster;
        this.controlPlaneEnv = Map.copyOf(b.controlPlaneEnv);
        this.agentEnv = Map.copyOf(b.agentEnv);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Free ports, a fresh data directory and short agent timings: what an integration test wants. */
    public static Builder forTests(Path dataDir) {
        return builder().dataDir(dataDir).httpPort(0).agentPort(0).pvePort(0).proxyPort(0).dbPort(0)
                .heartbeatSeconds(2).agentTtlSeconds(6);
    }

    public Path dataDir() { return dataDir; }
    public Optional<Path> stackDir() { return Optional.ofNullable(stackDir); }
    public int httpPort() { return httpPort; }
    public int agentPort() { return agentPort; }
    public int pvePort() { return pvePort; }
    public int proxyPort() { return proxyPort; }
    /** Multiplies the simulator's task durations (1.0 = realistic; tests go faster). */
    public double pveTimeFactor() { return pveTimeFactor; }
    /** The simulator's seed file (nodes and guests); empty for its built-in 2 nodes and 10 guests. */
    public Optional<Path> pveSeed() { return Optional.ofNullable(pveSeed); }
    public int dbPort() { return dbPort; }
    public Optional<String> externalDbUrl() { return Optional.ofNullable(dbUrl); }
    public String dbUser() { return dbUser; }
    public String dbPassword() { return dbPassword; }
    public int heartbeatSeconds() { return heartbeatSeconds; }
    public int agentTtlSeconds() { return agentTtlSeconds; }
    public String agentName() { return agentName; }
    public boolean cluster() { return cluster; }
    /** Extra settings for the control plane process (e.g. command-bus timings in tests). */
    public Map<String, String> controlPlaneEnv() { return controlPlaneEnv; }
    /** Extra settings for the agent process. */
    public Map<String, String> agentEnv() { return agentEnv; }

    private static int port(int port, String what) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(what + " must be 0..65535, not " + port);
        }
        return port;
    }

    private static int positive(int value, String what) {
        if (value < 1) {
            throw new IllegalArgumentException(what + " must be at least 1, not " + value);
        }
        return value;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    public static final class Builder {
        private Path dataDir = Path.of(".corral");
        private Path stackDir;
        private int httpPort = 8080;
        private int agentPort = 8081;
        private int pvePort = 8006;
        private int proxyPort = 8007;
        private double pveTimeFactor = 1.0;
        private Path pveSeed;
        private int dbPort = 15432;
        private String dbUrl;
        private String dbUser;
        private String dbPassword;
        private int heartbeatSeconds = 10;
        private int agentTtlSeconds = 30;
        private String agentName = "local";
        private boolean cluster;
        private final Map<String, String> controlPlaneEnv = new HashMap<>();
        private final Map<String, String> agentEnv = new HashMap<>();

        private Builder() {
        }

        public Builder dataDir(Path dir) { this.dataDir = Objects.requireNonNull(dir); return this; }
        public Builder stackDir(Path dir) { this.stackDir = dir; return this; }
        public Builder httpPort(int port) { this.httpPort = port; return this; }
        public Builder agentPort(int port) { this.agentPort = port; return this; }
        public Builder pvePort(int port) { this.pvePort = port; return this; }
        public Builder proxyPort(int port) { this.proxyPort = port; return this; }
        public Builder pveTimeFactor(double factor) { this.pveTimeFactor = factor; return this; }
        public Builder pveSeed(Path seedFile) { this.pveSeed = seedFile; return this; }
        public Builder dbPort(int port) { this.dbPort = port; return this; }
        public Builder dbUrl(String url) { this.dbUrl = url; return this; }
        public Builder dbUser(String user) { this.dbUser = user; return this; }
        public Builder dbPassword(String password) { this.dbPassword = password; return this; }
        public Builder heartbeatSeconds(int seconds) { this.heartbeatSeconds = seconds; return this; }
        public Builder agentTtlSeconds(int seconds) { this.agentTtlSeconds = seconds; return this; }
        public Builder agentName(String name) { this.agentName = name; return this; }
        /** Control-plane instances of this stack join one Payara Micro cluster (loopback, a name of its own). */
        public Builder cluster(boolean on) { this.cluster = on; return this; }
        public Builder controlPlaneEnv(String key, String value) { controlPlaneEnv.put(key, value); return this; }
        public Builder agentEnv(String key, String value) { agentEnv.put(key, value); return this; }

        public LaunchOptions build() {
            return new LaunchOptions(this);
        }
    }
}
