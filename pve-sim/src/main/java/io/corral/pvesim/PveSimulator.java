package io.corral.pvesim;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.handlers.PathHandler;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;

/**
 * A running Proxmox VE API simulator. Start one with {@link #builder()}; close it to stop.
 *
 * <pre>{@code
 * try (PveSimulator sim = PveSimulator.builder().port(0).apiToken("root@pam!corral", "secret").start()) {
 *     String url = sim.baseUrl(); // http://127.0.0.1:<port>/api2/json (https:// after .https())
 * }
 * }</pre>
 */
public final class PveSimulator implements AutoCloseable {

    public static final String API_PATH = "/api2/json";
    public static final String ADMIN_PATH = "/_sim";

    private static final Logger LOG = Logger.getLogger(PveSimulator.class.getName());

    private final SimConfig config;
    private final ClusterState state;
    private final TaskRunner taskRunner;
    private final Router router;
    private final Undertow server;
    private final int port;
    private final Faults faults = new Faults();
    private final FileLocks fileLocks = new FileLocks();
    private final String certificateSha256;
    private final GuestDesktopServer desktops;

    private PveSimulator(SimConfig config) {
        Clock clock = Clock.systemUTC();
        SchemaValidator schema = SchemaValidator.bundled();
        this.config = config;
        this.state = new ClusterState(clock);
        this.taskRunner = new TaskRunner(state, clock, faults);
        SSLContext sslContext = config.sslContext();
        if (sslContext == null && config.https()) {
            SelfSignedTls tls = SelfSignedTls.generate(config.bindAddress());
            sslContext = tls.context();
            this.certificateSha256 = tls.sha256Fingerprint();
        } else {
            this.certificateSha256 = null;
        }
        AuthHandler auth = new AuthHandler(config.apiTokens(), config.users(), clock);
        this.router = Routes.all(new Router(schema), config, auth, state, taskRunner, fileLocks, clock,
                certificateSha256);
        state.load(config.seed());
        PathHandler paths = new PathHandler()
                .addPrefixPath(API_PATH, new ApiHandler(auth, router, schema, faults))
                .addPrefixPath(ADMIN_PATH, new SimAdminHandler(this));
        Undertow.Builder undertow = Undertow.builder()
                // Raw paths: UPIDs arrive percent-encoded and are decoded per segment.
                .setServerOption(UndertowOptions.DECODE_URL, false)
                .setIoThreads(2)
                .setWorkerThreads(32)
                .setHandler(paths);
        if (sslContext == null) {
            undertow.addHttpListener(config.port(), config.bindAddress());
        } else {
            undertow.addHttpsListener(config.port(), config.bindAddress(), sslContext);
        }
        this.server = undertow.build();
        try {
            server.start();
        } catch (RuntimeException e) {
            taskRunner.close();
            throw e;
        }
        this.port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
        this.desktops = new GuestDesktopServer(state, config.bindAddress(), 0);
        LOG.info(() -> "pve-sim listening on " + baseUrl() + " with " + state.nodes().size() + " nodes and "
                + state.guests().size() + " guests");
    }

    public static SimulatorBuilder builder() {
        return new SimulatorBuilder();
    }

    /** Starts a simulator; the port is bound when this returns. */
    public static PveSimulator start(SimConfig config) {
        return new PveSimulator(config);
    }

    /** The port actually bound (useful after {@code port(0)}). */
    public int port() {
        return port;
    }

    /**
     * The SHA-256 fingerprint of the self-signed certificate made for {@code https()}, as
     * {@code AA:BB:…} (what PVE shows and clients pin); {@code null} for plain HTTP or a caller's SSL context.
     */
    public String certificateSha256() {
        return certificateSha256;
    }

    /** {@code http(s)://127.0.0.1:<port>/api2/json}; a wildcard bind address is shown as 127.0.0.1. */
    public String baseUrl() {
        String host = config.bindAddress();
        if (host.equals("0.0.0.0") || host.equals("::")) {
            host = "127.0.0.1";
        } else if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return config.scheme() + "://" + host + ":" + port + API_PATH;
    }

    /**
     * The guests' desktops (websockify with RFB) as a URL template with {@code {node}} and
     * {@code {vmid}}: what an agent's {@code CORRAL_AGENT_DESKTOP_URL} is set to against this simulator.
     */
    public String desktopUrlTemplate() {
        String host = baseUrl().replaceFirst("^https?://", "").replaceFirst(":\\d+/.*$", "");
        return "ws://" + host + ":" + desktops.port() + "/{node}/{vmid}/websockify";
    }

    public SimConfig config() {
        return config;
    }

    /** Faults to inject: latency, failing or warning tasks, 5xx answers, dropped connections. */
    public Faults faults() {
        return faults;
    }

    /** The live cluster state, for tests that want to look behind the API. */
    public ClusterState state() {
        return state;
    }

    /** Every API route served, as registered. */
    public List<Route> routes() {
        return router.routes();
    }

    /** Back to the seed: guests as seeded, no tasks. Running tasks are interrupted. */
    public void reset() {
        state.tasks().stream().filter(Task::isRunning).forEach(taskRunner::interrupt);
        fileLocks.clear();
        state.load(config.seed());
        LOG.info("pve-sim state reset to seed");
    }

    @Override
    public void close() {
        desktops.close();
        server.stop();
        taskRunner.close();
    }
}
