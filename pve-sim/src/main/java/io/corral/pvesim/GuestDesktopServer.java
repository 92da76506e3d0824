package io.corral.pvesim;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.StatusCodes;
import io.undertow.websockets.WebSocketConnectionCallback;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedBinaryMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import io.undertow.websockets.spi.WebSocketHttpExchange;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xnio.Pooled;

/**
 * The guests' desktops, as a websockify on each guest would serve them: a plain-HTTP WebSocket
 * listener of its own (the "guest network", apart from the Proxmox API) where
 * {@code ws://HOST:PORT/{node}/{vmid}/websockify} speaks RFB for that guest while it runs. A guest
 * that does not exist or is not running answers {@code 503} to the upgrade, as a closed port would
 * refuse it.
 */
public final class GuestDesktopServer implements AutoCloseable {
    public static final int WIDTH = 1024;
    public static final int HEIGHT = 768;
    private static final Pattern PATH = Pattern.compile("/([A-Za-z0-9-]+)/(\\d+)/websockify");
    private static final int CHUNK = 64 * 1024;
    private static final Logger LOG = Logger.getLogger(GuestDesktopServer.class.getName());

    private final ClusterState state;
    private final Undertow server;
    private final int port;

    public GuestDesktopServer(ClusterState state, String bindAddress, int port) {
        this.state = state;
        HttpHandler upgrade = Handlers.websocket(this::connected);
        this.server = Undertow.builder().setIoThreads(1).setWorkerThreads(4)
                .addHttpListener(port, bindAddress).setHandler(exchange -> route(exchange, upgrade)).build();
        server.start();
        this.port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    public int port() {
        return port;
    }

    private void route(HttpServerExchange exchange, HttpHandler upgrade) throws Exception {
        Guest guest = guest(exchange.getRequestPath());
        if (guest == null) {
            exchange.setStatusCode(StatusCodes.SERVICE_UNAVAILABLE);
            exchange.getResponseSender().send("no running guest at " + exchange.getRequestPath());
            return;
        }
        upgrade.handleRequest(exchange);
    }

    private Guest guest(String path) {
        Matcher m = PATH.matcher(path);
        if (!m.matches()) {
            return null;
        }
        return state.guests().stream().filter(g -> g.node().equals(m.group(1)) && g.vmid() == Integer.parseInt(m.group(2)))
                .filter(g -> g.state() == RunState.RUNNING && !g.isTemplate()).findFirst().orElse(null);
    }

    private void connected(WebSocketHttpExchange exchange, WebSocketChannel channel) {
        Guest guest = guest(exchange.getRequestURI().replaceFirst("\\?.*$", ""));
        RfbSession rfb = new RfbSession(WIDTH, HEIGHT, guest == null ? "guest" : guest.name());
        channel.getReceiveSetter().set(new AbstractReceiveListener() {
            @Override
            protected void onFullBinaryMessage(WebSocketChannel ch, BufferedBinaryMessage message) {
                try (Pooled<ByteBuffer[]> data = message.getData()) {
                    for (ByteBuffer b : data.getResource()) {
                        byte[] bytes = new byte[b.remaining()];
                        b.get(bytes);
                        send(ch, rfb.receive(bytes));
                    }
                }
                if (rfb.closed()) {
                    LOG.info(() -> "guest desktop: " + rfb.failure());
                    WebSockets.sendClose(1002, rfb.failure(), ch, null);
                }
            }
        });
        channel.resumeReceives();
        send(channel, List.of(rfb.greeting()));
        tick(channel, rfb);
    }

    /** Once a second, the empty update owed to a pending incremental request. */
    private void tick(WebSocketChannel channel, RfbSession rfb) {
        channel.getIoThread().executeAfter(() -> {
            if (channel.isOpen() && !rfb.closed()) {
                byte[] update = rfb.tick();
                if (update != null) {
                    send(channel, List.of(update));
                }
                tick(channel, rfb);
            }
        }, 1, TimeUnit.SECONDS);
    }

    // Split like a websockify relaying TCP reads: binary messages of at most 64 KiB.
    private static void send(WebSocketChannel channel, List<byte[]> messages) {
        for (byte[] message : messages) {
            for (int at = 0; at < message.length; at += CHUNK) {
                int n = Math.min(CHUNK, message.length - at);
                WebSockets.sendBinary(ByteBuffer.wrap(message, at, n), channel, null);
            }
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
