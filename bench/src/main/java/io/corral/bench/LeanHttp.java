package io.corral.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A small blocking HTTP/1.1 client over one keep-alive socket, for one thread: the benchmark's
 * load generator. Requests carry a Content-Length body (or none); responses are read with
 * Content-Length, chunked, or without a body (204, 304, 1xx). The request head and the response
 * body live in buffers reused from call to call, so a call allocates next to nothing: read
 * {@link #body()} / {@link #bodyLength()} before the next call. Each call is counted by kind.
 * A connection idle for 15 s is replaced before the next call; a call on a kept-alive connection
 * that the server had closed (nothing answered) is sent once more on a new connection; those
 * retries are counted too.
 */
final class LeanHttp implements AutoCloseable {

    private final String host;
    private final int port;
    private final byte[] hostHeader;
    private Socket socket;
    private OutputStream out;
    private byte[] head = new byte[1024];
    private int headLength;
    private final HttpAnswer answer = new HttpAnswer();
    private long receivedNanos;
    private long lastUsedNanos;
    /** A connection idle longer than this is replaced before use (Grizzly closes idle ones after 30 s). */
    private static final long IDLE_RECONNECT_NANOS = 15_000_000_000L;

    LeanHttp(String baseUrl) {
        URI uri = URI.create(baseUrl);
        this.host = uri.getHost();
        this.port = uri.getPort() < 0 ? 80 : uri.getPort();
        this.hostHeader = ascii(host + ":" + port);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The bearer header value bytes of {@code token}, to build once per caller. */
    static byte[] bearer(String token) {
        return ascii("Bearer " + token);
    }

    /**
     * Sends one request and reads the whole answer; returns the status. {@code body} may be null.
     * {@code timeoutMillis} bounds each read (a held poll needs more than its wait).
     */
    int send(RequestCounts.Kind kind, String method, String path, byte[] bearer, byte[] body, int bodyLength,
             int timeoutMillis) throws IOException {
        buildHead(method, path, bearer, body == null ? -1 : bodyLength);
        RequestCounts.count(kind);
        boolean reused = socket != null;
        try {
            return exchange(body, bodyLength, timeoutMillis);
        } catch (IOException e) {
            close();
            if (!reused || answer.started() || e instanceof java.net.SocketTimeoutException) {
                throw e;
            }
            RequestCounts.count(RequestCounts.Kind.RETRY_AFTER_CLOSE);
            return exchange(body, bodyLength, timeoutMillis);
        }
    }

    byte[] body() { return answer.body(); }
    int bodyLength() { return answer.bodyLength(); }
    long receivedNanos() { return receivedNanos; }

    String bodyText() {
        return new String(answer.body(), 0, answer.bodyLength(), StandardCharsets.UTF_8);
    }

    private int exchange(byte[] requestBody, int requestLength, int timeoutMillis) throws IOException {
        answer.begin();
        if (socket != null && System.nanoTime() - lastUsedNanos > IDLE_RECONNECT_NANOS) {
            close(); // the server may be closing it right now (keep-alive timeout): do not race it
        }
        if (socket == null) {
            connect();
        }
        socket.setSoTimeout(timeoutMillis);
        out.write(head, 0, headLength);
        if (requestBody != null && requestLength > 0) {
            out.write(requestBody, 0, requestLength);
        }
        out.flush();
        int status = answer.read();
        receivedNanos = System.nanoTime();
        lastUsedNanos = receivedNanos;
        if (answer.closeAfter()) {
            close();
        }
        return status;
    }

    private void connect() throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress(host, port), 10_000);
        socket = s;
        answer.connected(s.getInputStream());
        out = s.getOutputStream();
    }

    private void buildHead(String method, String path, byte[] bearer, int contentLength) {
        headLength = 0;
        put(method);
        putByte(' ');
        put(path);
        put(" HTTP/1.1\r\nHost: ");
        put(hostHeader);
        put("\r\nAccept: application/json\r\n");
        if (bearer != null) {
            put("Authorization: ");
            put(bearer);
            put("\r\n");
        }
        if (contentLength >= 0) {
            put("Content-Type: application/json\r\nContent-Length: ");
            put(Integer.toString(contentLength));
            put("\r\n");
        }
        put("\r\n");
    }

    private void put(String s) {
        int n = s.length();
        ensureHead(n);
        for (int i = 0; i < n; i++) {
            head[headLength++] = (byte) s.charAt(i);
        }
    }

    private void put(byte[] b) {
        ensureHead(b.length);
        System.arraycopy(b, 0, head, headLength, b.length);
        headLength += b.length;
    }

    private void putByte(char c) {
        ensureHead(1);
        head[headLength++] = (byte) c;
    }

    private void ensureHead(int more) {
        if (headLength + more > head.length) {
            head = Arrays.copyOf(head, Math.max(head.length * 2, headLength + more));
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        socket = null;
        out = null;
        answer.connected(null);
    }
}
