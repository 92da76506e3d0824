package io.corral.agent.proxy;

import static io.corral.agent.proxy.Relay.relay;
import static io.corral.agent.proxy.Relay.reply;

import io.corral.agent.clone.CloneGate;
import io.corral.agent.clone.CloneSlot;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;

/**
 * One clone POST through the proxy: admission (credentials present, and accepted by Proxmox unless
 * they are the proxy credential), a place in the caller's share of the clone gate's queue, the
 * forwarded POST, and the slot handed to the gate's watcher with the task's UPID.
 */
final class CloneForwarding {

    private static final Logger LOG = Logger.getLogger(ProxyHandler.class.getName());

    private final ProxyHandler proxy;
    private final HttpServerExchange exchange;
    private final String method;
    private final String path;
    private final Caller caller;
    private final CloneRequest clone;

    CloneForwarding(ProxyHandler proxy, HttpServerExchange exchange, String method, String path, Caller caller,
            CloneRequest clone) {
        this.proxy = proxy;
        this.exchange = exchange;
        this.method = method;
        this.path = path;
        this.caller = caller;
        this.clone = clone;
    }

    void run() throws IOException {
        if (!admitted()) {
            return;
        }
        byte[] body = ProxyHandler.readCloneBody(exchange);
        if (body == null) {
            reply(exchange, 413, "request entity too large");
            return;
        }
        String storage = CloneRequest.storageParameter(exchange.getQueryString(),
                exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE), body);
        Duration maxWait = proxy.settings().cloneWait();
        long queuedAt = System.nanoTime();
        CloneSlot slot;
        try {
            // A caller whose connection is seen closed leaves the queue (best effort: a blocked
            // worker notices a hang-up only if the connection reports it).
            slot = proxy.clones().acquireFor(caller.identity(), clone.node(), clone.vmid(), storage, maxWait,
                    () -> !exchange.getConnection().isOpen());
        } catch (CloneGate.QueueFullException e) {
            LOG.warning(() -> "clone of " + clone.source() + " from " + caller + " refused: " + e.getMessage());
            reply(exchange, 503, e.perClient()
                    ? "too many clone requests of this client queued on the Corral agent (" + e.limit() + ")"
                    : "too many clone requests queued on the Corral agent (" + e.limit() + ")");
            return;
        } catch (TimeoutException e) {
            LOG.warning(() -> "clone of " + clone.source() + " from " + caller + " refused: no clone slot within "
                    + maxWait.toSeconds() + " s");
            reply(exchange, 503, "timed out waiting for a clone slot");
            return;
        } catch (CancellationException e) {
            LOG.info(() -> "clone of " + clone.source() + " from " + caller + " dropped from the queue: the caller hung up");
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
        forward(slot, body, Duration.ofNanos(System.nanoTime() - queuedAt));
    }

    /** False (and answered) when the caller may not queue: no credentials, or Proxmox refuses them. */
    private boolean admitted() throws IOException {
        if (caller.kind() == Caller.Kind.PROXY_CREDENTIAL) {
            return true;
        }
        if (caller.kind() == Caller.Kind.NONE) {
            LOG.info(() -> "clone of " + clone.source() + " from " + caller + " refused: no credentials");
            reply(exchange, 401, "No ticket");
            return false;
        }
        CredentialCheck.Verdict verdict;
        try {
            verdict = proxy.check(exchange, caller);
        } catch (IOException e) {
            proxy.failed(exchange, method, path, caller, e);
            return false;
        }
        if (!verdict.accepted()) {
            LOG.info(() -> "clone of " + clone.source() + " from " + caller + " refused: Proxmox answered "
                    + verdict.status() + " to its credentials");
            reply(exchange, verdict.status() == 401 || verdict.status() == 403 ? verdict.status() : 502,
                    verdict.reason() == null || verdict.reason().isEmpty() ? "authentication failure" : verdict.reason());
            return false;
        }
        return true;
    }

    private void forward(CloneSlot slot, byte[] body, Duration waited) throws IOException {
        boolean handedOver = false; // to the gate's watcher, or released already
        try {
            ClassicHttpRequest request = proxy.upstreamRequest(exchange, method, path, caller);
            if (body.length > 0 || ProxyHandler.hasBody(exchange)) {
                request.setEntity(new ByteArrayEntity(body, null));
            }
            try (CloseableHttpResponse response = proxy.upstream().execute(request)) {
                byte[] answer = Relay.readAnswer(response.getEntity());
                String upid = answer == null ? null : Relay.upidOf(answer);
                if (upid != null) {
                    // Before answering: the slot must stay held even if the caller is gone.
                    slot.holdUntilStopped(upid);
                    handedOver = true;
                    LOG.info(() -> "clone of " + clone.source() + " from " + caller + " started after "
                            + waited.toMillis() + " ms in the queue: " + upid + " (slot held until it stops)");
                } else {
                    // Refused without a task: free the slot before the caller hears of it.
                    slot.release();
                    handedOver = true;
                    LOG.info(() -> "clone of " + clone.source() + " from " + caller + " refused by Proxmox: "
                            + response.getCode() + " " + response.getReasonPhrase());
                }
                relay(exchange, method, response, answer);
            }
        } catch (IOException e) {
            proxy.failed(exchange, method, path, caller, e);
        } finally {
            if (!handedOver) {
                slot.release();
            }
        }
    }
}
