package io.corral.launcher;

import io.corral.launcher.ControlPlaneClient.AgentCredentials;
import io.corral.pvesim.PveSimulator;
import io.corral.pvesim.Seed;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Corral on one machine: PostgreSQL (embedded unless an external URL is given), the Proxmox VE
 * simulator in this JVM, the control plane and one registered agent, each on its own Payara
 * Micro process. Started in that order, stopped in the reverse one. The CLI and the integration
 * tests both drive the stack through this class.
 */
public final class Stack implements AutoCloseable {

    public static final String ADMIN_USER = "admin";
    public static final String PVE_TOKEN_ID = "root@pam!corral";
    public static final String PVE_USER = "root@pam";
    static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    static final Duration ONLINE_TIMEOUT = Duration.ofSeconds(60);
    static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private final LaunchOptions options;
    private final Path logDir;
    private LauncherState state;
    private StackFiles files;
    private StackSpecs specs;
    private int httpPort;
    private int agentPort;
    private int pvePort;
    private int proxyPort;
    private int embeddedDbPort;
    private String dbUrl;
    private String dbUser;
    private String dbPassword;
    private EmbeddedDatabase database;
    private PveSimulator simulator;
    private PayaraProcess controlPlane;
    private PayaraProcess secondControlPlane;
    private int secondHttpPort;
    /** The data-grid ports of the first and second control plane, and their cluster (null: none). */
    private int[] gridPorts = {6900, 7000};
    private PayaraSpec.Cluster cluster;
    private PayaraProcess agent;
    private ControlPlaneClient client;
    private AgentCredentials agentCredentials;
    private boolean closed;
    private Consumer<String> progress = message -> { };

    public Stack(LaunchOptions options) {
        this.options = options;
        this.logDir = options.dataDir().resolve("logs");
    }

    /** Starts the whole stack and returns once the agent is online; on failure stops what it started. */
    public static Stack start(LaunchOptions options) throws IOException, InterruptedException {
        Stack stack = new Stack(options);
        stack.launch();
        return stack;
    }

    /** Receives one line per start step, for a human watching the start. */
    public Stack onProgress(Consumer<String> listener) {
        this.progress = listener;
        return this;
    }

    /** Starts every part in order; if any fails or {@link #close()} interrupts it, stops what runs. */
    public void launch() throws IOException, InterruptedException {
        try {
            prepare();
            startDatabase();
            startSimulator();
            startControlPlane();
            registerAgent();
            startAgent();
            awaitAgentOnlineOrRenewToken();
        } catch (IOException | InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private synchronized void prepare() throws IOException {
        ensureOpen();
        Files.createDirectories(logDir);
        state = LauncherState.loadOrCreate(options.dataDir());
        files = StackFiles.locate(options.stackDir());
        specs = new StackSpecs(options, files, logDir);
        boolean embeddedDb = options.externalDbUrl().isEmpty();
        // A launcher killed with SIGKILL leaves its processes holding the ports and the data
        // directory; Payara first, as it holds connections to PostgreSQL.
        PayaraProcess.stopLeftoverOfEarlierRun("agent", specs.payaraDir("agent"));
        PayaraProcess.stopLeftoverOfEarlierRun("control-plane", specs.payaraDir("control-plane"));
        if (embeddedDb) {
            EmbeddedDatabase.stopLeftoverOfEarlierRun(pgDir());
        }
        int[] ports = Ports.resolve(
                new int[] {options.httpPort(), options.agentPort(), options.pvePort(), embeddedDb ? options.dbPort() : 0,
                    options.proxyPort()},
                new String[] {"control plane", "agent", "Proxmox VE simulator", "embedded PostgreSQL", "PVE API proxy"});
        httpPort = ports[0];
        agentPort = ports[1];
        pvePort = ports[2];
        embeddedDbPort = ports[3];
        proxyPort = ports[4];
        dbUrl = options.externalDbUrl().orElse(null);
        dbUser = embeddedDb ? EmbeddedDatabase.USER : options.dbUser();
        dbPassword = embeddedDb ? state.dbPassword() : options.dbPassword();
        client = new ControlPlaneClient(URI.create(controlPlaneUrl()), state.bootstrapToken());
        if (options.cluster()) {
            gridPorts = Ports.freeBelowEphemeral(2);
            cluster = new PayaraSpec.Cluster("corral-" + UUID.randomUUID().toString().substring(0, 8),
                    List.of(gridPorts[0], gridPorts[1]));
        }
    }

    private synchronized void startDatabase() throws IOException {
        ensureOpen();
        if (dbUrl == null) {
            progress.accept("Starting PostgreSQL on port " + embeddedDbPort + " (data in " + pgDir() + ")");
            database = EmbeddedDatabase.start(pgDir(), embeddedDbPort, logDir.resolve("postgresql.log"), dbPassword);
            dbUrl = database.jdbcUrl();
        }
    }

    private synchronized void startSimulator() {
        ensureOpen();
        progress.accept("Starting the Proxmox VE simulator on port " + pvePort);
        simulator = PveSimulator.builder()
                .port(pvePort)
                .seed(options.pveSeed().map(Seed::load).orElseGet(Seed::defaultSeed))
                .apiToken(PVE_TOKEN_ID, state.pveTokenSecret())
                .user(PVE_USER, state.pveRootPassword())
                .timeFactor(options.pveTimeFactor())
                .https()
                .start();
    }

    /** Starts the control plane (again) and waits until its health endpoint answers. */
    public void startControlPlane() throws IOException, InterruptedException {
        PayaraProcess process;
        synchronized (this) {
            ensureOpen();
            if (controlPlane == null) {
                controlPlane = new PayaraProcess(controlPlaneSpec("control-plane", httpPort, gridPorts[0], Map.of()));
            }
            process = controlPlane;
            progress.accept("Starting the control plane on port " + httpPort + " (log " + controlPlaneLog() + ")");
            process.start();
        }
        process.awaitReady(READY_TIMEOUT);
    }

    /**
     * Starts a second control-plane instance on the same database (its own port, work directory and
     * log, {@code control-plane-2.log}), as a second node behind a load balancer would be; the agent
     * stays with the first. Stopped with the stack or by {@link #stopSecondControlPlane()}.
     *
     * @return its base URL
     */
    public String startSecondControlPlane() throws IOException, InterruptedException {
        return startSecondControlPlane(Map.of(), true);
    }

    /**
     * As {@link #startSecondControlPlane()}, with {@code settings} over the first instance's; with
     * {@code await} false it returns at once (a test that expects the deployment to be refused
     * watches {@code control-plane-2.log} instead of waiting for readiness).
     */
    public String startSecondControlPlane(Map<String, String> settings, boolean await)
            throws IOException, InterruptedException {
        PayaraProcess process;
        synchronized (this) {
            ensureOpen();
            if (secondControlPlane != null && secondControlPlane.isRunning()) {
                throw new IllegalStateException("the second control plane is already running");
            }
            PayaraProcess.stopLeftoverOfEarlierRun("control-plane-2", specs.payaraDir("control-plane-2"));
            secondHttpPort = Ports.resolve(new int[] {0}, new String[] {"second control plane"})[0];
            secondControlPlane = new PayaraProcess(controlPlaneSpec("control-plane-2", secondHttpPort, gridPorts[1],
                    settings));
            process = secondControlPlane;
            progress.accept("Starting a second control plane on port " + secondHttpPort);
            process.start();
        }
        if (await) {
            process.awaitReady(READY_TIMEOUT);
        }
        return secondControlPlaneUrl();
    }

    /** Stops the second control-plane instance gracefully, if it runs. */
    public synchronized void stopSecondControlPlane() {
        if (secondControlPlane != null) {
            secondControlPlane.stop(STOP_GRACE);
        }
    }

    public String secondControlPlaneUrl() { return "http://127.0.0.1:" + secondHttpPort; }
    /** The second instance's port, 0 before it was first started. */
    public int secondHttpPort() { return secondHttpPort; }

    /** Kills the second control-plane instance (SIGKILL, as in a crash) and waits until it has exited. */
    public synchronized void killSecondControlPlane() {
        if (secondControlPlane != null) {
            secondControlPlane.kill();
        }
    }

    /**
     * Stops the embedded PostgreSQL, as an outage does; everything else keeps running and must find
     * its way back by itself once {@link #startDatabaseAgain()} has run.
     */
    public synchronized void stopDatabase() throws IOException {
        ensureOpen();
        if (database == null) {
            throw new IllegalStateException("the stack uses an external database, or it is stopped");
        }
        progress.accept("Stopping PostgreSQL on port " + embeddedDbPort);
        database.close();
        database = null;
    }

    /** Starts the embedded PostgreSQL stopped by {@link #stopDatabase()} on the same port and data. */
    public synchronized void startDatabaseAgain() throws IOException {
        ensureOpen();
        if (database != null || options.externalDbUrl().isPresent()) {
            throw new IllegalStateException("the embedded database is not stopped");
        }
        progress.accept("Starting PostgreSQL again on port " + embeddedDbPort);
        database = EmbeddedDatabase.start(pgDir(), embeddedDbPort, logDir.resolve("postgresql.log"), dbPassword);
    }

    /** Starts the agent (again) with the current agent token and waits until it is healthy. */
    public void startAgent() throws IOException, InterruptedException {
        PayaraProcess process;
        synchronized (this) {
            ensureOpen();
            if (agent != null && agent.isRunning()) {
                throw new IllegalStateException("the agent is already running");
            }
            agent = new PayaraProcess(specs.agent(agentPort, proxyPort, controlPlaneUrl(), agentCredentials, state,
                    simulator, pveUrl()));
            process = agent;
            progress.accept("Starting the agent on port " + agentPort + " (log " + agentLog() + ")");
            process.start();
        }
        process.awaitReady(READY_TIMEOUT);
    }

    /** Kills the agent process (SIGKILL, as in a crash) and waits until it has exited. */
    public synchronized void stopAgent() {
        if (agent != null) {
            agent.kill();
        }
    }

    /** Kills the control plane (SIGKILL, as in a crash) and waits until it has exited; the agent keeps running. */
    public synchronized void killControlPlane() {
        if (controlPlane != null) {
            controlPlane.kill();
        }
    }

    /** Stops the control plane gracefully (SIGTERM, SIGKILL after 20 s); the agent keeps running. */
    public synchronized void stopControlPlane() {
        if (controlPlane != null) {
            controlPlane.stop(STOP_GRACE);
        }
    }

    /** Waits until the control plane lists the agent as online. */
    public boolean awaitAgentOnline(Duration timeout) throws IOException, InterruptedException {
        return client.awaitAgentOnline(agentId(), timeout);
    }

    private void registerAgent() throws IOException, InterruptedException {
        ensureOpen();
        progress.accept("Registering agent '" + options.agentName() + "'");
        Optional<String> storedId = state.agentId();
        if (storedId.isPresent() && state.agentToken().isPresent()
                && client.findAgent("id", storedId.get()).isPresent()) {
            agentCredentials = new AgentCredentials(storedId.get(), state.agentToken().get());
            return;
        }
        Optional<AgentCredentials> registered = client.registerAgent(options.agentName());
        if (registered.isPresent()) {
            agentCredentials = registered.get();
        } else {
            // the name exists but this data dir does not know its token: issue a new one
            String id = client.findAgent("name", options.agentName())
                    .map(a -> a.path("id").asText())
                    .orElseThrow(() -> new IOException("agent " + options.agentName() + " exists but is not listed"));
            agentCredentials = client.rotateAgentToken(id);
        }
        state.agent(agentCredentials.id(), agentCredentials.token());
    }

    // A stored token may have been rotated in the console since the last run: the agent then
    // cannot authenticate and never comes online. One rotation and restart recovers from that.
    private void awaitAgentOnlineOrRenewToken() throws IOException, InterruptedException {
        progress.accept("Waiting for the agent to come online");
        if (awaitAgentOnline(ONLINE_TIMEOUT)) {
            return;
        }
        synchronized (this) {
            ensureOpen();
            progress.accept("The agent did not come online; issuing a new agent token and restarting it");
            agent.stop(STOP_GRACE);
            agentCredentials = client.rotateAgentToken(agentId());
            state.agent(agentCredentials.id(), agentCredentials.token());
        }
        startAgent();
        if (!awaitAgentOnline(ONLINE_TIMEOUT)) {
            throw new IOException("agent " + agentId() + " did not come online within " + ONLINE_TIMEOUT.toSeconds()
                    + " s; last lines of " + agent.logFile() + ":\n" + LogTail.read(agent.logFile(), 40));
        }
    }

    private Path pgDir() {
        return options.dataDir().resolve("pg");
    }

    private PayaraSpec controlPlaneSpec(String name, int port, int gridPort, Map<String, String> settings) {
        return specs.controlPlane(name, port, gridPort, cluster, new StackSpecs.Database(dbUrl, dbUser, dbPassword),
                state, settings);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("stack is stopped");
        }
    }

    /** Stops agent, control plane, simulator and PostgreSQL, in that order. Safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (agent != null) {
            quietly("agent", () -> agent.stop(STOP_GRACE));
        }
        if (secondControlPlane != null) {
            quietly("second control plane", () -> secondControlPlane.stop(STOP_GRACE));
        }
        if (controlPlane != null) {
            quietly("control plane", () -> controlPlane.stop(STOP_GRACE));
        }
        if (simulator != null) {
            quietly("Proxmox VE simulator", simulator::close);
        }
        if (database != null) {
            quietly("PostgreSQL", database::close);
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void quietly(String what, Step step) {
        try {
            step.run();
        } catch (Exception e) {
            System.err.println("Stopping the " + what + " failed: " + e);
        }
    }

    public String controlPlaneUrl() { return "http://127.0.0.1:" + httpPort; }
    public String consoleUrl() { return controlPlaneUrl() + "/console/"; }
    public String apiUrl() { return controlPlaneUrl() + "/api/v1/"; }
    public String agentUrl() { return "http://127.0.0.1:" + agentPort + "/agent"; }
    /** Root URL of the simulator as the agent gets it, without {@code /api2/json}. */
    public String pveUrl() { return simulator.baseUrl().replaceFirst("/api2/json/?$", ""); }
    public int httpPort() { return httpPort; }
    public int agentPort() { return agentPort; }
    public int pvePort() { return pvePort; }
    public int proxyPort() { return proxyPort; }
    public String proxyUrl() { return "https://127.0.0.1:" + proxyPort + "/api2/json"; }
    public String adminUser() { return ADMIN_USER; }
    public String adminPassword() { return state.adminPassword(); }
    public LauncherState state() { return state; }
    public String apiToken() { return state.bootstrapToken(); }
    public String agentName() { return options.agentName(); }
    public String agentId() { return agentCredentials.id(); }
    public String agentToken() { return agentCredentials.token(); }
    public String pveToken() { return PVE_TOKEN_ID + "=" + state.pveTokenSecret(); }
    public PveSimulator simulator() { return simulator; }
    public String jdbcUrl() { return dbUrl; }
    public String dbUser() { return dbUser; }
    public String dbPassword() { return dbPassword; }
    public Path dataDir() { return options.dataDir(); }
    public Path logDir() { return logDir; }
    public Path controlPlaneLog() { return logDir.resolve("control-plane.log"); }
    public Path agentLog() { return logDir.resolve("agent.log"); }
    public ControlPlaneClient client() { return client; }

    /** Whether the control plane and agent processes are still alive (the CLI watches this). */
    public synchronized Optional<String> deadProcess() {
        if (controlPlane != null && !controlPlane.isRunning()) return Optional.of("control plane (" + controlPlaneLog() + ")");
        if (agent != null && !agent.isRunning()) return Optional.of("agent (" + agentLog() + ")");
        return Optional.empty();
    }
}
