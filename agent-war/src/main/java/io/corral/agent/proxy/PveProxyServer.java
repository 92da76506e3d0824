package io.corral.agent.proxy;

import io.corral.agent.clone.CloneGate;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.handlers.BlockingHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
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
        try {
            // Each waiting clone holds a worker thread: room for a full queue plus the rest.
            int threads = Math.max(1, clones.settings().queueLimit()) + FORWARDING_THREADS;
            upstream = new Upstream(settings.upstream(), settings.upstreamTimeout(), FORWARDING_THREADS * 2);
            Undertow.Builder builder = Undertow.builder()
                    .setIoThreads(Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors())))
                    .setWorkerThreads(threads)
                    .setServerOption(UndertowOptions.ENABLE_HTTP2, false)
                    .setServerOption(UndertowOptions.ALWAYS_SET_KEEP_ALIVE, false)
                    .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, -1L)
                    .setSocketOption(Options.REUSE_ADDRESSES, true)
                    .setHandler(new BlockingHandler(new ProxyHandler(settings, upstream, clones)));
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
        if (tls != null) {
            LOG.info(() -> "PVE API proxy listening on https://" + settings.bindAddress() + ":" + port
                    + "/api2/json (forwarding to " + upstream.origin() + "), " + tls.source()
                    + ", SHA-256 fingerprint " + tls.fingerprint());
        } else {
            LOG.warning(() -> "PVE API proxy listening on PLAIN HTTP http://" + settings.bindAddress() + ":"
                    + port + "/api2/json (forwarding to " + upstream.origin() + "): for tests only");
        }
    }

    /** The bound port (the configured one, or the one chosen for port 0). */
    public synchronized int port() {
        return port;
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
