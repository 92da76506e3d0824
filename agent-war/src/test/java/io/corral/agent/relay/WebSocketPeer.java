package io.corral.agent.relay;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedBinaryMessage;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.xnio.Pooled;

/**
 * A real WebSocket server on loopback for the relay's two ends: it may leave its first upgrade
 * requests unanswered (a stuck server), greets each socket with a binary message, and keeps what it
 * receives.
 */
final class WebSocketPeer implements AutoCloseable {
    private final Undertow server;
    private final int port;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile String lastTarget;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final LinkedBlockingQueue<String> texts = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<String> binaries = new LinkedBlockingQueue<>();

    private WebSocketPeer(String greeting, int unanswered) {
        HttpHandler upgrade = Handlers.websocket((exchange, channel) -> {
            channel.getReceiveSetter().set(new AbstractReceiveListener() {
                @Override
                protected void onFullTextMessage(WebSocketChannel ch, BufferedTextMessage message) {
                    texts.add(message.getData());
                }

                @Override
                protected void onFullBinaryMessage(WebSocketChannel ch, BufferedBinaryMessage message) {
                    try (Pooled<ByteBuffer[]> data = message.getData()) {
                        for (ByteBuffer b : data.getResource()) {
                            binaries.add(StandardCharsets.US_ASCII.decode(b).toString());
                        }
                    }
                }
            });
            channel.resumeReceives();
            if (greeting != null) {
                WebSockets.sendBinary(ByteBuffer.wrap(greeting.getBytes(StandardCharsets.US_ASCII)), channel, null);
            }
        });
        server = Undertow.builder().setIoThreads(1).setWorkerThreads(4).addHttpListener(0, "127.0.0.1")
                .setHandler(exchange -> {
                    lastTarget = exchange.getRequestURI()
                            + (exchange.getQueryString().isEmpty() ? "" : "?" + exchange.getQueryString());
                    if (requests.incrementAndGet() <= unanswered) {
                        exchange.dispatch(() -> await(stop));
                        return;
                    }
                    upgrade.handleRequest(exchange);
                }).build();
        server.start();
        port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    /** Greets each socket with {@code greeting} (none if null), after leaving the first {@code unanswered} requests hanging. */
    static WebSocketPeer greeting(String greeting, int unanswered) {
        return new WebSocketPeer(greeting, unanswered);
    }

    int port() {
        return port;
    }

    String httpUrl() {
        return "http://127.0.0.1:" + port;
    }

    int requests() {
        return requests.get();
    }

    /** The path and query of the last upgrade request. */
    String lastTarget() {
        return lastTarget;
    }

    String awaitText() throws InterruptedException, IOException {
        return take(texts);
    }

    /** The bytes of the next binary message received, as ASCII. */
    String awaitBinary() throws InterruptedException, IOException {
        return take(binaries);
    }

    private static String take(LinkedBlockingQueue<String> queue) throws InterruptedException, IOException {
        String next = queue.poll(10, TimeUnit.SECONDS);
        if (next == null) {
            throw new IOException("nothing received within 10 s");
        }
        return next;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop.countDown();
        server.stop();
    }
}
