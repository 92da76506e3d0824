package io.corral.pvesim;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;

/** Collects a {@link SimConfig} and starts a {@link PveSimulator}. Defaults fit a demo, not a test. */
public final class SimulatorBuilder {

    private String bindAddress = SimConfig.DEFAULT_BIND_ADDRESS;
    private int port = 8006;
    private Seed seed;
    private final Map<String, String> apiTokens = new LinkedHashMap<>();
    private final Map<String, String> users = new LinkedHashMap<>();
    private double timeFactor = 1.0;
    private Duration loginFailureDelay = SimConfig.DEFAULT_LOGIN_FAILURE_DELAY;
    private final Map<PowerAction, Duration> taskDurations = new EnumMap<>(PowerAction.class);
    private SSLContext sslContext;
    private final Map<CloneKind, Duration> cloneDurations = new EnumMap<>(CloneKind.class);
    private final Map<CreateKind, Duration> createDurations = new EnumMap<>(CreateKind.class);
    private Duration lockTimeout = SimConfig.DEFAULT_LOCK_TIMEOUT;
    private boolean https;

    SimulatorBuilder() {
    }

    public SimulatorBuilder bindAddress(String bindAddress) {
        this.bindAddress = bindAddress;
        return this;
    }

    /** 0 picks a free port; read it back with {@link PveSimulator#port()}. */
    public SimulatorBuilder port(int port) {
        this.port = port;
        return this;
    }

    /** The fleet to start with; {@link Seed#defaultSeed()} when not set. */
    public SimulatorBuilder seed(Seed seed) {
        this.seed = seed;
        return this;
    }

    public SimulatorBuilder seed(Path seedFile) {
        return seed(Seed.load(seedFile));
    }

    /** Accepts {@code Authorization: PVEAPIToken=<tokenId>=<secret>}; tokenId like {@code root@pam!corral}. */
    public SimulatorBuilder apiToken(String tokenId, String secret) {
        if (!tokenId.contains("@") || !tokenId.contains("!")) {
            throw new IllegalArgumentException("token id must look like USER@REALM!TOKENID: " + tokenId);
        }
        apiTokens.put(tokenId, secret);
        return this;
    }

    /** Accepts ticket logins of {@code user} ({@code root@pam}) with this password. */
    public SimulatorBuilder user(String user, String password) {
        if (!user.contains("@")) {
            throw new IllegalArgumentException("user must look like USER@REALM: " + user);
        }
        users.put(user, password);
        return this;
    }

    /** Multiplies every task duration: 0.01 makes a 2 s start take 20 ms. */
    public SimulatorBuilder timeFactor(double timeFactor) {
        this.timeFactor = timeFactor;
        return this;
    }

    public SimulatorBuilder loginFailureDelay(Duration delay) {
        this.loginFailureDelay = delay;
        return this;
    }

    /**
     * Overrides the unscaled duration of one kind of task (defaults: start 2 s, stop 1 s, shutdown 3 s,
     * suspend 1 s, resume 1 s, destroy 2 s).
     */
    public SimulatorBuilder taskDuration(PowerAction action, Duration duration) {
        taskDurations.put(action, duration);
        return this;
    }

    /** Overrides the unscaled duration of a clone (defaults: linked VM 5 s, full VM 20 s, container 8 s). */
    public SimulatorBuilder cloneDuration(CloneKind kind, Duration duration) {
        cloneDurations.put(kind, duration);
        return this;
    }

    /** Overrides the unscaled duration of a create (defaults: VM 3 s, container 12 s). */
    public SimulatorBuilder createDuration(CreateKind kind, Duration duration) {
        createDurations.put(kind, duration);
        return this;
    }

    /** How long a VM task waits for a config file lock before {@code got timeout} (default 10 s, scaled). */
    public SimulatorBuilder lockTimeout(Duration lockTimeout) {
        this.lockTimeout = lockTimeout;
        return this;
    }

    /**
     * Serve HTTPS like Proxmox, with a self-signed certificate made at start; read its fingerprint
     * with {@link PveSimulator#certificateSha256()}. Without this the simulator serves plain HTTP.
     */
    public SimulatorBuilder https() {
        this.https = true;
        return this;
    }

    /** Serve plain HTTP (the default): undoes {@link #https()} and {@link #sslContext(SSLContext)}. */
    public SimulatorBuilder plainHttp() {
        this.https = false;
        this.sslContext = null;
        return this;
    }

    /** Serve HTTPS with this context instead of plain HTTP. */
    public SimulatorBuilder sslContext(SSLContext sslContext) {
        this.sslContext = sslContext;
        return this;
    }

    public SimConfig config() {
        return new SimConfig(bindAddress, port, seed == null ? Seed.defaultSeed() : seed, apiTokens, users,
                timeFactor, loginFailureDelay, taskDurations, sslContext, cloneDurations, lockTimeout, https,
                createDurations);
    }

    public PveSimulator start() {
        return PveSimulator.start(config());
    }
}
