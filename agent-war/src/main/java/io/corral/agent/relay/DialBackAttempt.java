package io.corral.agent.relay;

import java.net.URI;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One try at the dial-back's upgrade. A try given up on (no answer in time) is aborted if it
 * completes late, and the relay's listener hears nothing more of it.
 */
final class DialBackAttempt implements WebSocket.Listener {
    private final WebSocket.Listener relay;
    private volatile boolean abandoned;

    DialBackAttempt(WebSocket.Listener relay) {
        this.relay = relay;
    }

    /** The socket, once upgraded within {@code wait}; a try that times out is abandoned. */
    WebSocket connect(WebSocket.Builder builder, URI uri, Duration wait)
            throws TimeoutException, ExecutionException, InterruptedException {
        CompletableFuture<WebSocket> upgrade = builder.buildAsync(uri, this);
        try {
            return upgrade.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | InterruptedException e) {
            abandoned = true;
            upgrade.thenAccept(WebSocket::abort);
            throw e;
        }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        if (abandoned) {
            webSocket.abort();
        } else {
            relay.onOpen(webSocket);
        }
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        return abandoned ? null : relay.onBinary(webSocket, data, last);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        return abandoned ? null : relay.onText(webSocket, data, last);
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        return abandoned ? null : relay.onClose(webSocket, statusCode, reason);
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        if (!abandoned) {
            relay.onError(webSocket, error);
        }
    }
}
