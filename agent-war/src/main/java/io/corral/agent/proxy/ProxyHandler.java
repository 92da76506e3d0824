package io.corral.agent.proxy;

import io.corral.agent.clone.CloneGate;
import io.corral.agent.pve.PveSettings;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
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
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;

/**
 * Serves the Proxmox API ({@code /api2/...}) by forwarding each request to Proxmox and relaying the
 * answer as it came: status, reason phrase (where Proxmox puts its error text), the headers clients
 * use, and the body. Clone POSTs first wait for a slot of the agent's {@link CloneGate} (shared with
 * the {@code proxmox.clone} executor); when Proxmox
 * answers with a UPID the slot stays held until that task has stopped, so that clones of one
 * template never collide on its lock, even when the caller gives up waiting.
 *
 * <p>Runs on Undertow's worker threads (blocking). Never logs credentials: no header value and no
 * body is ever written to the log.
 */
final class ProxyHandler implements HttpHandler {

    private static final Logger LOG = Logger.getLogger(ProxyHandler.class.getName());

    static final HttpString CSRF_TOKEN = new HttpString("CSRFPreventionToken");

    /** Request headers passed to Proxmox; everything else (Host, Connection, …) stays here. */
    private static final HttpString[] FORWARDED_REQUEST_HEADERS = {
        Headers.AUTHORIZATION, Headers.COOKIE, CSRF_TOKEN, Headers.CONTENT_TYPE, Headers.ACCEPT,
        Headers.ACCEPT_LANGUAGE, Headers.USER_AGENT, Headers.IF_MODIFIED_SINCE, Headers.IF_NONE_MATCH,
    };

    /** Response headers relayed to the caller (lower case); hop-by-hop ones never are. */
    private static final Set<String> RELAYED_RESPONSE_HEADERS = Set.of("content-type", "set-cookie",
            "cache-control", "pragma", "expires", "content-disposition", "last-modified", "etag",
            "www-authenticate", "content-encoding");

    /** Clone requests are small form posts; their body is read whole to find {@code storage}. */
    static final int MAX_CLONE_BODY = 64 * 1024;
    /** Proxmox answers a clone with a UPID; anything larger is relayed but not searched for one. */
    private static final int MAX_CLONE_ANSWER = 1024 * 1024;

    private final ProxySettings settings;
    private final Upstream upstream;
    private final CloneGate clones;
    private final HttpHost target;
    private final String basePath;

    ProxyHandler(ProxySettings settings, Upstream upstream, CloneGate clones) {
        this.settings = settings;
        this.upstream = upstream;
        this.clones = clones;
        URI origin = URI.create(upstream.origin());
        this.target = new HttpHost(origin.getScheme(), origin.getHost(), origin.getPort());
        this.basePath = origin.getRawPath() == null ? "" : origin.getRawPath();
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String method = exchange.getRequestMethod().toString();
        String path = rawPath(exchange.getRequestURI());
        if (!path.startsWith("/api2/")) {
            reply(exchange, 404, "Corral agent proxy: only /api2/... is served here");
            return;
        }
        if (exchange.getRequestHeaders().contains(Headers.UPGRADE)) {
            reply(exchange, 501, "Corral agent proxy: connection upgrades (websockets) are not forwarded");
            return;
        }
        Optional<CloneRequest> clone = CloneRequest.match(method, path);
        if (clone.isPresent()) {
            clone(exchange, method, path, clone.get());
        } else {
            forward(exchange, method, path);
        }
    }

    private void forward(HttpServerExchange exchange, String method, String path) throws IOException {
        ClassicHttpRequest request = upstreamRequest(exchange, method, path);
        if (hasBody(exchange)) {
            long length = exchange.getRequestContentLength();
            request.setEntity(new InputStreamEntity(exchange.getInputStream(), length, null));
        }
        try (CloseableHttpResponse response = upstream.execute(request)) {
            relay(exchange, method, response, null);
        } catch (IOException e) {
            failed(exchange, method, path, e);
        }
    }

    private void clone(HttpServerExchange exchange, String method, String path, CloneRequest clone)
            throws IOException {
        byte[] body = readBody(exchange);
        if (body == null) {
            reply(exchange, 413, "request entity too large");
            return;
        }
        String storage = CloneRequest.storageParameter(exchange.getQueryString(),
                exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE), body);
        long queuedAt = System.nanoTime();
        CloneGate.Slot slot;
        try {
            // A caller whose connection is seen closed leaves the queue (best effort: a blocked
            // worker notices a hang-up only if the connection reports it).
            slot = clones.acquire(clone.node(), clone.vmid(), storage, settings.cloneWait(),
                    () -> !exchange.getConnection().isOpen());
        } catch (CloneGate.QueueFullException e) {
            LOG.warning(() -> "clone of " + clone.source() + " refused: " + e.limit() + " clones queued already");
            reply(exchange, 503, "too many clone requests queued on the Corral agent (" + e.limit() + ")");
            return;
        } catch (TimeoutException e) {
            LOG.warning(() -> "clone of " + clone.source() + " refused: no clone slot within "
                    + settings.cloneWait().toSeconds() + " s");
            reply(exchange, 503, "timed out waiting for a clone slot");
            return;
        } catch (CancellationException e) {
            LOG.info(() -> "clone of " + clone.source() + " dropped from the queue: the caller hung up");
            exchange.getConnection().close();
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reply(exchange, 503, "Corral agent proxy is shutting down");
            return;
        } catch (IllegalStateException e) {
            reply(exchange, 503, "Corral agent proxy is shutting down");
            return;
        }
        Duration waited = Duration.ofNanos(System.nanoTime() - queuedAt);
        boolean handedOver = false; // to the gate's watcher, or released already
        try {
            ClassicHttpRequest request = upstreamRequest(exchange, method, path);
            if (body.length > 0 || hasBody(exchange)) {
                request.setEntity(new ByteArrayEntity(body, null));
            }
            try (CloseableHttpResponse response = upstream.execute(request)) {
                byte[] answer = readAnswer(response.getEntity());
                String upid = answer == null ? null : upidOf(answer);
                if (upid != null) {
                    // Before answering: the slot must stay held even if the caller is gone.
                    slot.holdUntilStopped(upid);
                    handedOver = true;
                    LOG.info(() -> "clone of " + clone.source() + " started after " + waited.toMillis()
                            + " ms in the queue: " + upid + " (slot held until it stops)");
                } else {
                    // Refused without a task: free the slot before the caller hears of it.
                    slot.release();
                    handedOver = true;
                    LOG.info(() -> "clone of " + clone.source() + " refused by Proxmox: "
                            + response.getCode() + " " + response.getReasonPhrase());
                }
                relay(exchange, method, response, answer);
            }
        } catch (IOException e) {
            failed(exchange, method, path, e);
        } finally {
            if (!handedOver) {
                slot.release();
            }
        }
    }

    private ClassicHttpRequest upstreamRequest(HttpServerExchange exchange, String method, String path) {
        String query = exchange.getQueryString();
        String pathAndQuery = basePath + path + (query == null || query.isEmpty() ? "" : "?" + query);
        BasicClassicHttpRequest request = new BasicClassicHttpRequest(method, target, pathAndQuery);
        for (HttpString name : FORWARDED_REQUEST_HEADERS) {
            HeaderValues values = exchange.getRequestHeaders().get(name);
            if (values != null) {
                values.forEach(value -> request.addHeader(name.toString(), value));
            }
        }
        if (settings.auth() == ProxySettings.AuthMode.AGENT && !hasCredentials(exchange)) {
            PveSettings pve = settings.upstream();
            if (pve.hasToken()) {
                request.setHeader("Authorization", "PVEAPIToken=" + pve.token().trim());
            }
        }
        return request;
    }

    private static boolean hasCredentials(HttpServerExchange exchange) {
        if (exchange.getRequestHeaders().contains(Headers.AUTHORIZATION)) {
            return true;
        }
        HeaderValues cookies = exchange.getRequestHeaders().get(Headers.COOKIE);
        return cookies != null && cookies.stream().anyMatch(c -> c.contains("PVEAuthCookie="));
    }

    private static boolean hasBody(HttpServerExchange exchange) {
        return exchange.getRequestContentLength() > 0
                || exchange.getRequestHeaders().contains(Headers.TRANSFER_ENCODING);
    }

    /** The whole request body, or null when it exceeds {@link #MAX_CLONE_BODY}. */
    private static byte[] readBody(HttpServerExchange exchange) throws IOException {
        if (!hasBody(exchange)) {
            return new byte[0];
        }
        if (exchange.getRequestContentLength() > MAX_CLONE_BODY) {
            return null;
        }
        byte[] body = exchange.getInputStream().readNBytes(MAX_CLONE_BODY + 1);
        return body.length > MAX_CLONE_BODY ? null : body;
    }

    private static byte[] readAnswer(HttpEntity entity) throws IOException {
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

    private static void relay(HttpServerExchange exchange, String method, CloseableHttpResponse response,
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

    private void failed(HttpServerExchange exchange, String method, String path, IOException e)
            throws IOException {
        if (exchange.isResponseStarted()) {
            // Part of the answer is out: all that is left is to break the connection.
            LOG.log(Level.FINE, "answer to " + method + " " + path + " broken off", e);
            throw e;
        }
        boolean timeout = e instanceof SocketTimeoutException
                || e instanceof org.apache.hc.core5.http.ConnectionRequestTimeoutException;
        String reason = "Corral agent proxy: Proxmox " + (timeout ? "did not answer in time" : "unreachable")
                + " (" + describe(e) + ")";
        LOG.warning(() -> method + " " + path + " not forwarded: " + reason);
        exchange.getResponseHeaders().clear();
        reply(exchange, timeout ? 504 : 502, reason);
    }

    private static String describe(IOException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
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
    private static String printable(String reason) {
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
