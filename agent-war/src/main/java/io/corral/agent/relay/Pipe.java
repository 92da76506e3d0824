package io.corral.agent.relay;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Receives one socket's messages and forwards each to the other socket, asking for the next message
 * only once the previous one is written (back-pressure end to end). Messages arrive only after
 * {@link #start}, so nothing is read before both sockets are there.
 */
final class Pipe implements WebSocket.Listener {
    private final String from;
    private final RelayLink link;
    private final AtomicLong bytes = new AtomicLong();
    private volatile WebSocket to;

    Pipe(String from, RelayLink link) {
        this.from = from;
        this.link = link;
    }

    void start(WebSocket self, WebSocket peer) {
        this.to = peer;
        self.request(1);
    }

    long bytes() {
        return bytes.get();
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        // No request yet: see start().
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        bytes.addAndGet(data.remaining());
        return to.sendBinary(data, true).whenComplete((sent, error) -> {
            if (error != null) {
                link.broken(from, error);
            } else {
                webSocket.request(1);
            }
        });
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        link.closed(from, statusCode, reason);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        link.broken(from, error);
    }
}
