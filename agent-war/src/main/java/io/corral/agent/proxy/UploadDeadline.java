package io.corral.agent.proxy;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;

/**
 * The overall deadline of a streamed request body (an upload): unless the body has been read to its
 * end within the upload timeout, the connection is closed, which breaks the worker's blocking read
 * and frees the worker and the upload's place. A client that keeps trickling bytes is never idle,
 * so only an overall deadline ends it. What Proxmox then takes to answer is not counted.
 */
final class UploadDeadline implements AutoCloseable {

    private static final AttachmentKey<UploadDeadline> KEY = AttachmentKey.create(UploadDeadline.class);
    private static final Logger LOG = Logger.getLogger(UploadDeadline.class.getName());

    private final AtomicBoolean settled = new AtomicBoolean();
    private final AtomicBoolean expired = new AtomicBoolean();
    private final InputStream body;
    private final XnioExecutor.Key timer;

    private UploadDeadline(HttpServerExchange exchange, Duration timeout, Caller caller) {
        this.body = new EndWatch(exchange.getInputStream(), exchange.getRequestContentLength());
        this.timer = exchange.getIoThread().executeAfter(() -> {
            if (settled.compareAndSet(false, true)) {
                expired.set(true);
                LOG.info(() -> exchange.getRequestMethod() + " " + exchange.getRequestPath() + " from " + caller
                        + ": upload not received within " + timeout.toSeconds() + " s; connection closed");
                IoUtils.safeClose(exchange.getConnection());
            }
        }, Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
    }

    /** Starts the deadline of the exchange's streamed body (call on the worker, in blocking mode). */
    static UploadDeadline start(HttpServerExchange exchange, Duration timeout, Caller caller) {
        UploadDeadline deadline = new UploadDeadline(exchange, timeout, caller);
        exchange.putAttachment(KEY, deadline);
        return deadline;
    }

    /** The request body to read: its end stops the deadline when one runs. */
    static InputStream body(HttpServerExchange exchange) {
        UploadDeadline deadline = exchange.getAttachment(KEY);
        return deadline == null ? exchange.getInputStream() : deadline.body;
    }

    /** True when this exchange's upload deadline passed and its connection was closed. */
    static boolean expired(HttpServerExchange exchange) {
        UploadDeadline deadline = exchange.getAttachment(KEY);
        return deadline != null && deadline.expired.get();
    }

    /** The request is done with: the deadline no longer applies. */
    @Override
    public void close() {
        settle();
    }

    private void settle() {
        if (settled.compareAndSet(false, true)) {
            timer.remove();
        }
    }

    /**
     * Settles the deadline when the body's end has been read: its end of stream, or its last byte
     * when its length is known (a client of a known length reads no further).
     */
    private final class EndWatch extends FilterInputStream {

        private long remaining;

        private EndWatch(InputStream in, long length) {
            super(in);
            this.remaining = length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n;
            try {
                n = super.read(buffer, offset, length);
            } catch (RuntimeException e) {
                if (!expired.get()) {
                    throw e;
                }
                // Undertow's stream can fail this way when the deadline closed the connection under it.
                throw new IOException("upload deadline passed", e);
            }
            seen(n);
            return n;
        }

        private void seen(int n) {
            if (n < 0 || (remaining > 0 && (remaining -= n) <= 0)) {
                settle();
            }
        }
    }
}
