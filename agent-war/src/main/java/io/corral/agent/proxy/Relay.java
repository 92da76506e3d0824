package io.corral.agent.proxy;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;

/**
 * Answers to the proxy's callers: Proxmox's answer relayed as it came (status, reason phrase where
 * Proxmox puts its error text, the headers clients use, the body), or an answer of the proxy's own
 * in Proxmox's style.
 */
final class Relay {

    /** Response headers relayed to the caller (lower case); hop-by-hop ones never are. */
    private static final Set<String> RELAYED_RESPONSE_HEADERS = Set.of("content-type", "set-cookie",
            "cache-control", "pragma", "expires", "content-disposition", "last-modified", "etag",
            "www-authenticate", "content-encoding");

    /** Proxmox answers a clone with a UPID; anything larger is relayed but not searched for one. */
    private static final int MAX_CLONE_ANSWER = 1024 * 1024;

    private Relay() {
    }

    static void relay(HttpServerExchange exchange, String method, CloseableHttpResponse response,
            byte[] buffered) throws IOException {
        exchange.setStatusCode(response.getCode());
        String reason = response.getReasonPhrase();
        if (reason != null && !reason.isEmpty()) {
            exchange.setReasonPhrase(printable(reason));
        }
        for (Header header : response.getHeaders()) {
            if (RELAYED_RESPONSE_HEADERS.contains(header.getName().toLowerCase(Locale.ROOT))) {
                exchange.getResponseHeaders().add(new HttpString(header.getName()), header.getValue());
            }
        }
        HttpEntity entity = response.getEntity();
        if ("HEAD".equalsIgnoreCase(method)) {
            if (entity != null && entity.getContentLength() >= 0) {
                exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, entity.getContentLength());
            }
            return;
        }
        if (buffered != null) {
            exchange.setResponseContentLength(buffered.length);
            exchange.getOutputStream().write(buffered);
            return;
        }
        if (entity == null) {
            exchange.setResponseContentLength(0);
            return;
        }
        if (entity.getContentLength() >= 0) {
            exchange.setResponseContentLength(entity.getContentLength());
        }
        try (InputStream in = entity.getContent()) {
            OutputStream out = exchange.getOutputStream();
            if (in != null) {
                in.transferTo(out);
            }
        }
    }

    static byte[] readAnswer(HttpEntity entity) throws IOException {
        if (entity == null) {
            return null;
        }
        try (InputStream in = entity.getContent()) {
            return in == null ? new byte[0] : in.readNBytes(MAX_CLONE_ANSWER);
        }
    }

    /** The UPID of {@code {"data":"UPID:…"}} (json or extjs format), or null. */
    static String upidOf(byte[] answer) {
        try (JsonReader reader = Json.createReader(new StringReader(new String(answer, StandardCharsets.UTF_8)))) {
            JsonValue value = reader.readValue();
            if (value instanceof JsonObject object && object.get("data") instanceof JsonString data
                    && data.getString().startsWith("UPID:")) {
                return data.getString();
            }
        } catch (JsonException | IllegalStateException e) {
            // not JSON: no task
        }
        return null;
    }

    /** An answer of the proxy's own, in Proxmox's style: the text in the reason phrase. */
    static void reply(HttpServerExchange exchange, int status, String reason) throws IOException {
        byte[] body = "{\"data\":null}".getBytes(StandardCharsets.UTF_8);
        exchange.setStatusCode(status);
        exchange.setReasonPhrase(printable(reason));
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json;charset=UTF-8");
        exchange.setResponseContentLength(body.length);
        exchange.getOutputStream().write(body);
    }

    /** No control characters in a status line. */
    static String printable(String reason) {
        return reason.replaceAll("[\\x00-\\x1f\\x7f]", " ");
    }

    /** The request target's path, still percent-encoded, without scheme and authority. */
    static String rawPath(String requestUri) {
        if (requestUri.startsWith("http://") || requestUri.startsWith("https://")) {
            int slash = requestUri.indexOf('/', requestUri.indexOf("//") + 2);
            return slash < 0 ? "/" : requestUri.substring(slash);
        }
        return requestUri;
    }
}
