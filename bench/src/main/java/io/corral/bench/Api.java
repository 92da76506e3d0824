package io.corral.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The control plane's HTTP API as the benchmark uses it: JSON over HTTP/1.1 to 127.0.0.1 with a
 * bearer token. One {@link HttpClient} per instance; it opens as many connections as requests
 * are in flight (the JDK client has no pool limit), which is what many held polls need.
 */
public final class Api {

    public static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient client;

    public record Reply(int status, String body, long receivedNanos) {
        public JsonNode json() {
            try {
                return body == null || body.isEmpty() ? JSON.nullNode() : JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON (status " + status + "): " + body, e);
            }
        }
    }

    public Api(String baseUrl, int threads, String name) {
        this.baseUrl = baseUrl.replaceFirst("/$", "");
        AtomicInteger n = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .executor(executor)
                .build();
    }

    public static ObjectNode object() {
        return JSON.createObjectNode();
    }

    public String url(String path) {
        return baseUrl + path;
    }

    public CompletableFuture<Reply> send(String method, String path, String token, JsonNode body, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(timeout)
                .header("Accept", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        }
        return client.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString())
                .thenApply(r -> new Reply(r.statusCode(), r.body(), System.nanoTime()));
    }

    public Reply call(String method, String path, String token, JsonNode body) throws IOException {
        try {
            return send(method, path, token, body, Duration.ofSeconds(60)).join();
        } catch (RuntimeException e) {
            throw new IOException(method + " " + path + " failed: " + e.getCause(), e);
        }
    }

    /** A call that must answer {@code expected}; anything else stops the benchmark with the answer. */
    public JsonNode expect(int expected, String method, String path, String token, JsonNode body) throws IOException {
        Reply r = call(method, path, token, body);
        if (r.status() != expected) {
            throw new IOException(method + " " + path + " answered " + r.status() + ", expected " + expected + ": " + r.body());
        }
        return r.json();
    }
}
