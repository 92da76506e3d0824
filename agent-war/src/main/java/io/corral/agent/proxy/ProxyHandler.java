package io.corral.agent.proxy;

import static io.corral.agent.proxy.Relay.relay;
import static io.corral.agent.proxy.Relay.reply;

import io.corral.agent.clone.CloneGate;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;

/**
 * Serves the Proxmox API ({@code /api2/...}) by forwarding each request to Proxmox and relaying the
 * answer as it came. Clone POSTs first wait for a slot of the agent's {@link CloneGate} (shared with
 * the {@code proxmox.clone} executor), in the proxy clients' share of its queue and within the
 * caller's own part of it, and only once Proxmox has accepted the caller's credentials; when Proxmox
 * answers with a UPID the slot stays held until that task has stopped, so that clones of one
 * template never collide on its lock, even when the caller gives up waiting.
 *
 * <p>In {@code agent} auth mode only callers presenting the proxy credential are sent on with the
 * agent's own token; requests without credentials are refused here. Upstream requests carry the
 * caller's address in {@code X-Forwarded-For}.
 *
 * <p>Runs on Undertow's worker threads (blocking). Never logs credentials: no header value and no
 * body is ever written to the log.
 */
final class ProxyHandler implements HttpHandler {

    private static final Logger LOG = Logger.getLogger(ProxyHandler.class.getName());

    static final HttpString CSRF_TOKEN = new HttpString("CSRFPreventionToken");
    static final HttpString FORWARDED_FOR = new HttpString("X-Forwarded-For");

    /** Request headers passed to Proxmox; everything else (Host, Connection, …) stays here. */
    private static final HttpString[] FORWARDED_REQUEST_HEADERS = {
        Headers.AUTHORIZATION, Headers.COOKIE, CSRF_TOKEN, Headers.CONTENT_TYPE, Headers.ACCEPT,
        Headers.ACCEPT_LANGUAGE, Headers.USER_AGENT, Headers.IF_MODIFIED_SINCE, Headers.IF_NONE_MATCH,
    };

    /** Clone requests are small form posts; their body is read whole to find {@code storage}. */
    static final int MAX_CLONE_BODY = 64 * 1024;
    /** Requests whose body is streamed (uploads above {@link InboundBody#BUFFERED_LIMIT}, chunked) at once. */
    static final int STREAMED_BODIES = 8;

    private final ProxySettings settings;
    private final Upstream upstream;
    private final CloneGate clones;
    private final ProxyCredential credential;
    private final CredentialCheck checks = new CredentialCheck();
    private final Semaphore streamed = new Semaphore(STREAMED_BODIES);
    private final HttpHost target;
    private final String basePath;

    /** @param credential the proxy credential ({@code agent} mode), or null */
    ProxyHandler(ProxySettings settings, Upstream upstream, CloneGate clones, ProxyCredential credential) {
        this.settings = settings;
        this.upstream = upstream;
        this.clones = clones;
        this.credential = credential;
        URI origin = URI.create(upstream.origin());
        this.target = new HttpHost(origin.getScheme(), origin.getHost(), origin.getPort());
        this.basePath = origin.getRawPath() == null ? "" : origin.getRawPath();
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String method = exchange.getRequestMethod().toString();
        String path = Relay.rawPath(exchange.getRequestURI());
        if (!path.startsWith("/api2/")) {
            reply(exchange, 404, "Corral agent proxy: only /api2/... is served here");
            return;
        }
        if (exchange.getRequestHeaders().contains(Headers.UPGRADE)) {
            reply(exchange, 501, "Corral agent proxy: connection upgrades (websockets) are not forwarded");
            return;
        }
        Caller caller = Caller.of(exchange, credential);
        if (credential != null && caller.kind() != Caller.Kind.OWN && caller.kind() != Caller.Kind.PROXY_CREDENTIAL) {
            String why = caller.kind() == Caller.Kind.NONE ? "no credentials" : "wrong proxy credential";
            LOG.info(() -> method + " " + path + " from " + caller + " refused: " + why);
            reply(exchange, 401, "Corral agent proxy: " + why + " (send PVEAPIToken=" + ProxyCredential.TOKEN_ID
                    + "=<proxy credential>)");
            return;
        }
        if (exchange.getAttachment(InboundBody.BODY) != null || !hasBody(exchange)) {
            route(exchange, method, path, caller);
            return;
        }
        if (!streamed.tryAcquire()) {
            LOG.warning(() -> method + " " + path + " from " + caller + " refused: " + STREAMED_BODIES
                    + " streamed request bodies in progress already");
            reply(exchange, 503, "Corral agent proxy: too many uploads in progress");
            return;
        }
        try (UploadDeadline deadline = UploadDeadline.start(exchange, settings.limits().uploadTimeout(), caller)) {
            route(exchange, method, path, caller);
        } finally {
            streamed.release();
        }
    }

    private void route(HttpServerExchange exchange, String method, String path, Caller caller) throws Exception {
        Optional<CloneRequest> clone = CloneRequest.match(method, path);
        if (clone.isPresent()) {
            new CloneForwarding(this, exchange, method, path, caller, clone.get()).run();
        } else {
            forward(exchange, method, path, caller);
        }
    }

    private void forward(HttpServerExchange exchange, String method, String path, Caller caller) throws IOException {
        ClassicHttpRequest request = upstreamRequest(exchange, method, path, caller);
        byte[] body = exchange.getAttachment(InboundBody.BODY);
        if (body != null) {
            request.setEntity(new ByteArrayEntity(body, null));
        } else if (hasBody(exchange)) {
            request.setEntity(new InputStreamEntity(UploadDeadline.body(exchange), exchange.getRequestContentLength(),
                    null));
        }
        try (CloseableHttpResponse response = upstream.execute(request)) {
            relay(exchange, method, response, null);
        } catch (IOException e) {
            failed(exchange, method, path, caller, e);
        }
    }

    ProxySettings settings() {
        return settings;
    }

    CloneGate clones() {
        return clones;
    }

    Upstream upstream() {
        return upstream;
    }

    /** Asks Proxmox about the caller's own credentials (cached while accepted). */
    CredentialCheck.Verdict check(HttpServerExchange exchange, Caller caller) throws IOException {
        ClassicHttpRequest probe = new BasicClassicHttpRequest("GET", target, basePath + "/api2/json/version");
        copyHeader(exchange, probe, Headers.AUTHORIZATION);
        copyHeader(exchange, probe, Headers.COOKIE);
        forwardedFor(exchange, probe);
        return checks.check(caller, probe, upstream);
    }

    ClassicHttpRequest upstreamRequest(HttpServerExchange exchange, String method, String path, Caller caller) {
        String query = exchange.getQueryString();
        String pathAndQuery = basePath + path + (query == null || query.isEmpty() ? "" : "?" + query);
        BasicClassicHttpRequest request = new BasicClassicHttpRequest(method, target, pathAndQuery);
        for (HttpString name : FORWARDED_REQUEST_HEADERS) {
            copyHeader(exchange, request, name);
        }
        if (caller.kind() == Caller.Kind.PROXY_CREDENTIAL) {
            // The proxy credential stays here; Proxmox sees the agent's own token and nothing else.
            request.setHeader("Authorization", "PVEAPIToken=" + settings.upstream().token().trim());
            request.removeHeaders("Cookie");
            request.removeHeaders(CSRF_TOKEN.toString());
        }
        forwardedFor(exchange, request);
        return request;
    }

    private static void copyHeader(HttpServerExchange exchange, ClassicHttpRequest request, HttpString name) {
        HeaderValues values = exchange.getRequestHeaders().get(name);
        if (values != null) {
            values.forEach(value -> request.addHeader(name.toString(), value));
        }
    }

    /** {@code X-Forwarded-For}: what the caller sent, with the caller's own address appended. */
    private static void forwardedFor(HttpServerExchange exchange, ClassicHttpRequest request) {
        HeaderValues earlier = exchange.getRequestHeaders().get(FORWARDED_FOR);
        String chain = earlier == null || earlier.isEmpty() ? "" : String.join(", ", earlier) + ", ";
        request.setHeader(FORWARDED_FOR.toString(), Relay.printable(chain + Caller.address(exchange)));
    }

    static boolean hasBody(HttpServerExchange exchange) {
        return exchange.getRequestContentLength() > 0
                || exchange.getRequestHeaders().contains(Headers.TRANSFER_ENCODING);
    }

    /** The whole request body, or null when it exceeds {@link #MAX_CLONE_BODY}. */
    static byte[] readCloneBody(HttpServerExchange exchange) throws IOException {
        byte[] buffered = exchange.getAttachment(InboundBody.BODY);
        if (buffered != null) {
            return buffered.length > MAX_CLONE_BODY ? null : buffered;
        }
        if (!hasBody(exchange)) {
            return new byte[0];
        }
        if (exchange.getRequestContentLength() > MAX_CLONE_BODY) {
            return null;
        }
        byte[] body = UploadDeadline.body(exchange).readNBytes(MAX_CLONE_BODY + 1);
        return body.length > MAX_CLONE_BODY ? null : body;
    }

    void failed(HttpServerExchange exchange, String method, String path, Caller caller, IOException e)
            throws IOException {
        if (UploadDeadline.expired(exchange)) {
            return; // the connection is closed already (logged when the deadline passed)
        }
        if (exchange.isResponseStarted()) {
            // Part of the answer is out: all that is left is to break the connection.
            LOG.log(Level.FINE, "answer to " + method + " " + path + " from " + caller + " broken off", e);
            throw e;
        }
        boolean timeout = e instanceof SocketTimeoutException
                || e instanceof org.apache.hc.core5.http.ConnectionRequestTimeoutException;
        String reason = "Corral agent proxy: Proxmox " + (timeout ? "did not answer in time" : "unreachable")
                + " (" + describe(e) + ")";
        LOG.warning(() -> method + " " + path + " from " + caller + " not forwarded: " + reason);
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
}
