package io.corral.pvesim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A minimal PVE API client for the tests, on HttpURLConnection because it exposes the reason
 * phrase (java.net.http does not).
 */
final class PveClient {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String baseUrl;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private javax.net.ssl.SSLContext tls;

    PveClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    static PveClient withToken(PveSimulator sim, String tokenId, String secret) {
        return new PveClient(sim.baseUrl()).header("Authorization", "PVEAPIToken=" + tokenId + "=" + secret);
    }

    PveClient header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    Reply get(String path) {
        return send("GET", path, null, null);
    }

    Reply delete(String path) {
        return send("DELETE", path, null, null);
    }

    Reply post(String path, Map<String, String> form) {
        return send("POST", path, form(form), "application/x-www-form-urlencoded");
    }

    Reply put(String path, Map<String, String> form) {
        return send("PUT", path, form(form), "application/x-www-form-urlencoded");
    }

    /** Use this TLS context for https:// URLs (a client that pins the simulator's certificate). */
    PveClient tls(javax.net.ssl.SSLContext context) {
        this.tls = context;
        return this;
    }

    Reply postJson(String path, String json) {
        return send("POST", path, json, "application/json");
    }

    static String encode(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8);
    }

    Reply send(String method, String path, String body, String contentType) {
        try {
            HttpURLConnection http = (HttpURLConnection) URI.create(baseUrl + path).toURL().openConnection();
            if (tls != null && http instanceof javax.net.ssl.HttpsURLConnection https) {
                https.setSSLSocketFactory(tls.getSocketFactory());
            }
            http.setRequestMethod(method);
            http.setConnectTimeout(5_000);
            http.setReadTimeout(20_000);
            headers.forEach(http::setRequestProperty);
            if (body != null) {
                http.setDoOutput(true);
                http.setRequestProperty("Content-Type", contentType);
                try (OutputStream out = http.getOutputStream()) {
                    out.write(body.getBytes(StandardCharsets.UTF_8));
                }
            }
            int status = http.getResponseCode();
            String reason = http.getResponseMessage();
            InputStream stream = status < 400 ? http.getInputStream() : http.getErrorStream();
            String text = stream == null ? "" : new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            JsonNode json = text.isEmpty() ? MAPPER.nullNode() : MAPPER.readTree(text);
            return new Reply(status, reason, http.getContentType(), json);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        }
    }

    private static String form(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    /** Status line, content type and parsed body of one answer. */
    record Reply(int status, String reason, String contentType, JsonNode body) {

        JsonNode data() {
            return body.path("data");
        }

        @Override
        public String toString() {
            return status + " " + reason + " " + body;
        }
    }
}
