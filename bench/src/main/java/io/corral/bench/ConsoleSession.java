package io.corral.bench;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A console user over plain HTTP: signs in through the form (its own cookie jar), reads pages and the dashboard
 * snapshot, and connects to a page's Faces push channel as the browser would.
 */
final class ConsoleSession {
    private static final Pattern PUSH_URL = Pattern.compile("(/jakarta\\.faces\\.push/fleet\\?[^\"'\\\\]+)");
    private final String baseUrl;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient http;
    private WebSocket socket;
    final AtomicLong messages = new AtomicLong();

    ConsoleSession(String baseUrl) {
        this.baseUrl = baseUrl;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(10)).build();
    }

    ConsoleSession signIn(String user, String password) throws IOException, InterruptedException {
        get("/console/");
        String form = "j_username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&j_password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/j_security_check"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (!r.body().contains("current-user")) {
            throw new IOException("sign-in as " + user + " failed: " + r.statusCode());
        }
        return this;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Opens the dashboard page and connects to its {@code fleet} push channel; counts the messages. */
    void openDashboard() throws IOException, InterruptedException {
        String page = get("/console/").body();
        Matcher m = PUSH_URL.matcher(page);
        if (!m.find()) {
            throw new IOException("no fleet push channel on the dashboard page");
        }
        String ws = baseUrl.replaceFirst("^http", "ws") + m.group(1).replace("&amp;", "&");
        socket = http.newWebSocketBuilder().buildAsync(URI.create(ws), new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                if (last) {
                    messages.incrementAndGet();
                }
                webSocket.request(1);
                return null;
            }
        }).join();
    }

    void close() {
        if (socket != null) {
            socket.abort();
        }
    }
}
