package io.corral.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small HTTP client for the Corral API, as automation would call it. */
final class Api {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;
    private final String token;

    Api(String baseUrl, String token) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.token = token;
    }

    Reply get(String path) {
        return send(request(path).GET(), null);
    }

    /** A GET that does not block, for requests the server holds (long-polls). */
    java.util.concurrent.CompletableFuture<Reply> getAsync(String path) {
        return HTTP.sendAsync(request(path).timeout(Duration.ofSeconds(90)).GET().build(),
                        HttpResponse.BodyHandlers.ofString())
                .thenApply(r -> new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(), r));
    }

    Reply post(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)), json);
    }

    Reply send(String method, String path, String contentType, String body) {
        HttpRequest.Builder b = request(path);
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)), body);
    }

    /** A JSON request whose body is sent byte for byte (e.g. invalid UTF-8). */
    Reply bytes(String method, String path, byte[] body) {
        return send(request(path).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body)), null);
    }

    /** Any method, content type (none when null or empty) and body (none when null), sent byte for byte. */
    Reply exchange(String method, String path, String contentType, byte[] body) {
        HttpRequest.Builder b = request(path);
        if (contentType != null && !contentType.isEmpty()) {
            b.header("Content-Type", contentType);
        }
        return send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body)), null);
    }

    Reply raw(String method, String path, String json, String header, String value) {
        return send(request(path).header("Content-Type", "application/json").header(header, value)
                .method(method, HttpRequest.BodyPublishers.ofString(json)), json);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    /** Sends and records the exchange for the secrets scan ({@link Secrets}). */
    private static Reply send(HttpRequest.Builder builder, String requestBody) {
        try {
            HttpRequest request = builder.build();
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            Secrets.exchange(request.method(), request.uri().getPath(), requestBody, r.statusCode(), r.body());
            return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(), r);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Reply(int status, String contentType, String body, HttpResponse<String> raw) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("Not JSON (" + status + ", " + contentType + "): " + body, e);
            }
        }
    }
}
