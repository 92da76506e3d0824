package io.corral.container;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser's part of Faces push, with the JDK's HTTP client: renders a page, connects a WebSocket to
 * the push URL the page names for a channel, and keeps the text messages it receives.
 */
final class PushClient implements WebSocket.Listener, AutoCloseable {
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final StringBuilder parts = new StringBuilder();
    private final Duration timeout;
    private WebSocket socket;

    private PushClient(Duration timeout) {
        this.timeout = timeout;
    }

    /** Connects to {@code channel} as rendered by the page at {@code base + page}, e.g. {@code 127.0.0.1:8080/ctx}. */
    static PushClient connect(String base, String page, String channel, Duration timeout) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://" + base + page))
                .timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + page + ": " + response.statusCode() + "\n" + response.body());
        }
        Matcher url = Pattern.compile("jakarta\\.faces\\.push/" + Pattern.quote(channel) + "\\?[A-Za-z0-9_\\-.%]+")
                .matcher(response.body());
        if (!url.find()) {
            throw new AssertionError("the page names no push URL for channel " + channel + ":\n" + response.body());
        }
        PushClient client = new PushClient(timeout);
        client.socket = http.newWebSocketBuilder().connectTimeout(timeout)
                .buildAsync(URI.create("ws://" + base + "/" + url.group()), client)
                .get(timeout.toSeconds(), TimeUnit.SECONDS);
        return client;
    }

    /** Runs {@code send} until a message containing {@code text} arrives (the first sends may precede the server's session). */
    String awaitMessage(String text, Runnable send) throws Exception {
        List<String> seen = new ArrayList<>();
        Await.until(timeout, "a push message containing " + text + " (received " + seen + ")", () -> {
            send.run();
            String message = received.poll(1, TimeUnit.SECONDS);
            if (message != null) {
                seen.add(message);
            }
            return message != null && message.contains(text);
        });
        return seen.get(seen.size() - 1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        parts.append(data);
        if (last) {
            received.add(parts.toString());
            parts.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }
}
