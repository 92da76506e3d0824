package io.corral.agent.proxy;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;

/**
 * Reads request bodies of a known, modest length on the I/O thread, without a worker thread, and
 * hands the request to the worker only once the whole body is there. A body that has not arrived
 * within the body timeout closes the connection: slow senders cost a socket, never a worker.
 * Larger or chunked bodies (uploads) go to the worker as a stream; {@link ProxyHandler} caps how
 * many of those run at once.
 */
final class InboundBody implements HttpHandler {

    /** Bodies up to this length are read here; Proxmox API calls other than uploads are far smaller. */
    static final long BUFFERED_LIMIT = 1024 * 1024;
    static final AttachmentKey<byte[]> BODY = AttachmentKey.create(byte[].class);

    private static final Logger LOG = Logger.getLogger(InboundBody.class.getName());

    private final Duration timeout;
    private final HttpHandler next;

    InboundBody(Duration timeout, HttpHandler next) {
        this.timeout = timeout;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        long length = exchange.getRequestContentLength();
        if (length <= 0 || length > BUFFERED_LIMIT || !exchange.isInIoThread()) {
            next.handleRequest(exchange);
            return;
        }
        AtomicBoolean done = new AtomicBoolean();
        XnioExecutor.Key timer = exchange.getIoThread().executeAfter(() -> {
            if (done.compareAndSet(false, true)) {
                LOG.info(() -> exchange.getRequestMethod() + " " + exchange.getRequestPath() + " from "
                        + Caller.address(exchange) + ": body not received within " + timeout.toSeconds()
                        + " s; connection closed");
                IoUtils.safeClose(exchange.getConnection());
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        exchange.getRequestReceiver().receiveFullBytes((ex, body) -> {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            timer.remove();
            ex.putAttachment(BODY, body);
            try {
                next.handleRequest(ex);
            } catch (Exception e) {
                IoUtils.safeClose(ex.getConnection());
            }
        }, (ex, e) -> {
            if (done.compareAndSet(false, true)) {
                timer.remove();
            }
            IoUtils.safeClose(ex.getConnection());
        });
    }
}
