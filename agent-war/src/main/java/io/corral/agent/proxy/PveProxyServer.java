package io.corral.agent.proxy;

import io.corral.agent.clone.CloneGate;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.handlers.BlockingHandler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.security.GeneralSecurityException;
import java.util.logging.Logger;
import org.xnio.Options;

/**
 * The PVE API proxy: an Undertow listener of the agent's own (HTTPS unless configured for plain
 * HTTP in tests) serving {@code /api2/json/...} exactly where Proxmox does, forwarding to the
 * configured Proxmox. A plain class: the {@link PveProxyLifecycle} bean starts and stops it in
 * the agent, tests run it directly.
 */
public final class PveProxyServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PveProxyServer.class.getName());

    /** Threads for requests that are not waiting clones (pass-through calls, the running clone). */
    static final int FORWARDING_THREADS = 64;

    private final ProxySettings settings;
    private final CloneGate clones;
    private Undertow server;
    private Upstream upstream;
    private ServerTls tls;
    private int port;

    /** @param clones the agent's clone gate, shared with the {@code proxmox.clone} executor */
    public PveProxyServer(ProxySettings settings, CloneGate clones) {
        this.settings = settings;
        this.clones = clones;
    }

    /**
     * Opens the listener.
     *
     * @throws IllegalStateException when the upstream or TLS configuration is unusable or the port
     *                               cannot be bound
     */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        ProxyCredential credential = credential(settings);
        ProxyLimits limits = settings.limits();
        try {
            // Each waiting proxy clone holds a worker thread: room for their full share plus the rest.
            int threads = Math.max(1, clones.settings().proxyQueueLimit()) + FORWARDING_THREADS;
            upstream = new Upstream(settings.upstream(), settings.upstreamTimeout(), FORWARDING_THREADS * 2);
            ProxyHandler proxy = new ProxyHandler(settings, upstream, clones, credential);
            Undertow.Builder builder = Undertow.builder()
                    .setIoThreads(Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors())))
                    .setWorkerThreads(threads)
                    .setServerOption(UndertowOptions.ENABLE_HTTP2, false)
                    .setServerOption(UndertowOptions.ALWAYS_SET_KEEP_ALIVE, false)
                    .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, -1L)
                    .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, millis(limits.headerTimeout()))
                    .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, millis(limits.idleTimeout()))
                    .setSocketOption(Options.REUSE_ADDRESSES, true)
                    .setSocketOption(Options.CONNECTION_HIGH_WATER, limits.maxConnections())
                    .setSocketOption(Options.CONNECTION_LOW_WATER, limits.maxConnections())
                    .setHandler(new InboundBody(limits.bodyTimeout(), new BlockingHandler(proxy)));
            if (settings.plainHttp()) {
                builder.addHttpListener(settings.port(), settings.bindAddress());
            } else {
                tls = ServerTls.load(settings);
                builder.addHttpsListener(settings.port(), settings.bindAddress(), tls.context());
            }
            Undertow started = builder.build();
            started.start();
            server = started;
            port = ((InetSocketAddress) started.getListenerInfo().get(0).getAddress()).getPort();
        } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
            closeUpstream();
            throw new IllegalStateException("cannot start the PVE API proxy: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeUpstream();
            throw new IllegalStateException("cannot start the PVE API proxy on " + settings.bindAddress() + ":"
                    + settings.port() + ": " + describe(e), e);
        }
        String line = "PVE API proxy listening: bind " + settings.bindAddress() + ":" + port
                + ", TLS " + (tls != null ? "on" : "off") + ", auth " + settings.auth().name().toLowerCase(Locale.ROOT)
                + ", proxy credential " + (credential != null ? "set" : "none")
                + "; " + (tls != null ? "https" : "http") + "://" + settings.bindAddress() + ":" + port
                + "/api2/json forwarding to " + upstream.origin()
                + (tls != null ? ", " + tls.source() + ", SHA-256 fingerprint " + tls.fingerprint() : "");
        if (tls != null) {
            LOG.info(line);
        } else {
            LOG.warning(line + " (PLAIN HTTP: for tests only)");
        }
        if (!isLoopback(settings.bindAddress())) {
            LOG.warning(() -> "PVE API proxy bound to " + settings.bindAddress() + ": reachable from other hosts"
                    + " (CORRAL_AGENT_PROXY_BIND); only hosts that should use it may reach port " + port);
        }
    }

    /**
     * The proxy credential of {@code agent} mode; that mode refuses to start without one (on any
     * bind: on loopback too, every local process and user of the host could otherwise act with the
     * agent's token) and without an agent token to lend.
     */
    private static ProxyCredential credential(ProxySettings settings) {
        if (settings.auth() != ProxySettings.AuthMode.AGENT) {
            return null;
        }
        try {
            ProxyCredential credential = ProxyCredential.of(settings.credential());
            if (!settings.upstream().hasToken()) {
                throw new IllegalArgumentException("CORRAL_AGENT_PROXY_AUTH=agent needs CORRAL_AGENT_PVE_TOKEN");
            }
            return credential;
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static boolean isLoopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, duration.toMillis()));
    }

    /** The bound port (the configured one, or the one chosen for port 0). */
    public synchronized int port() {
        return port;
    }

    /** The address the listener is bound to, as configured. */
    public synchronized String boundAddress() {
        return settings.bindAddress();
    }

    /** SHA-256 fingerprint of the served certificate ({@code AA:BB:…}), or null for plain HTTP. */
    public synchronized String certificateSha256() {
        return tls == null ? null : tls.fingerprint();
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop();
            server = null;
            LOG.info("PVE API proxy stopped");
        }
        closeUpstream();
    }

    private void closeUpstream() {
        if (upstream != null) {
            try {
                upstream.close();
            } catch (IOException e) {
                // nothing left to do
            }
            upstream = null;
        }
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
