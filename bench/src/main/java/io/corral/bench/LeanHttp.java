package io.corral.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
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
    private InputStream in;
    private OutputStream out;
    private byte[] head = new byte[1024];
    private int headLength;
    private final byte[] readBuffer = new byte[16 * 1024];
    private int readPos;
    private int readLimit;
    private byte[] body = new byte[16 * 1024];
    private int bodyLength;
    private long receivedNanos;
    private boolean closeAfter;
    private boolean answerStarted;
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
            if (!reused || answerStarted || e instanceof java.net.SocketTimeoutException) {
                throw e;
            }
            RequestCounts.count(RequestCounts.Kind.RETRY_AFTER_CLOSE);
            return exchange(body, bodyLength, timeoutMillis);
        }
    }

    byte[] body() { return body; }
    int bodyLength() { return bodyLength; }
    long receivedNanos() { return receivedNanos; }

    String bodyText() {
        return new String(body, 0, bodyLength, StandardCharsets.UTF_8);
    }

    private int exchange(byte[] requestBody, int requestLength, int timeoutMillis) throws IOException {
        answerStarted = false;
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
        int status = readResponse();
        receivedNanos = System.nanoTime();
        lastUsedNanos = receivedNanos;
        if (closeAfter) {
            close();
        }
        return status;
    }

    private void connect() throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress(host, port), 10_000);
        socket = s;
        in = s.getInputStream();
        out = s.getOutputStream();
        readPos = 0;
        readLimit = 0;
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

    // ---- response ----

    private int readResponse() throws IOException {
        int status;
        do {
            status = statusLine();
            readHeaders();
        } while (status >= 100 && status < 200);
        bodyLength = 0;
        if (status == 204 || status == 304) {
            return status;
        }
        if (chunked) {
            readChunked();
        } else if (contentLength >= 0) {
            ensureBody(contentLength);
            readFully(contentLength);
        } else {
            // no length: the body runs to the end of the connection
            closeAfter = true;
            int b;
            while ((b = readByteOrEof()) >= 0) {
                ensureBody(1);
                body[bodyLength++] = (byte) b;
            }
        }
        return status;
    }

    private long contentLength;
    private boolean chunked;

    private int statusLine() throws IOException {
        // "HTTP/1.1 200 OK"
        int first = readByteOrEof();
        if (first < 0) {
            throw new EOFException("connection closed before the status line");
        }
        answerStarted = true;
        int c = first;
        while (c != ' ') {
            c = readByte();
        }
        int status = 0;
        for (int i = 0; i < 3; i++) {
            status = status * 10 + (readByte() - '0');
        }
        skipLine();
        return status;
    }

    private void readHeaders() throws IOException {
        contentLength = -1;
        chunked = false;
        closeAfter = false;
        while (true) {
            int c = readByte();
            if (c == '\r') {
                readByte(); // \n
                return;
            }
            // header name, lower-cased on the fly, compared by its first letters
            int nameStart = scratchLength = 0;
            while (c != ':') {
                scratchPut(Character.toLowerCase((char) c));
                c = readByte();
            }
            int nameEnd = scratchLength;
            c = readByte();
            while (c == ' ') {
                c = readByte();
            }
            while (c != '\r') {
                scratchPut(Character.toLowerCase((char) c));
                c = readByte();
            }
            readByte(); // \n
            header(nameStart, nameEnd);
        }
    }

    private final byte[] scratch = new byte[8 * 1024];
    private int scratchLength;

    private void scratchPut(char c) {
        if (scratchLength < scratch.length) {
            scratch[scratchLength++] = (byte) c;
        }
    }

    private void header(int nameStart, int nameEnd) {
        if (is("content-length", nameStart, nameEnd)) {
            long v = 0;
            for (int i = nameEnd; i < scratchLength; i++) {
                v = v * 10 + (scratch[i] - '0');
            }
            contentLength = v;
        } else if (is("transfer-encoding", nameStart, nameEnd)) {
            chunked = valueContains(nameEnd, "chunked");
        } else if (is("connection", nameStart, nameEnd)) {
            closeAfter = valueContains(nameEnd, "close");
        }
    }

    private boolean is(String name, int from, int to) {
        if (to - from != name.length()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (scratch[from + i] != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private boolean valueContains(int from, String word) {
        return new String(scratch, from, scratchLength - from, StandardCharsets.ISO_8859_1).contains(word);
    }

    private void readChunked() throws IOException {
        while (true) {
            int size = 0;
            int c = readByte();
            while (c != '\r' && c != ';') {
                size = size * 16 + Character.digit(c, 16);
                c = readByte();
            }
            if (c == ';') {
                skipLine();
            } else {
                readByte(); // \n
            }
            if (size == 0) {
                // trailers until an empty line
                while (readByte() != '\r') {
                    skipLine();
                }
                readByte();
                return;
            }
            ensureBody(size);
            readFully(size);
            readByte(); // \r
            readByte(); // \n
        }
    }

    private void ensureBody(long more) {
        if (bodyLength + more > body.length) {
            body = Arrays.copyOf(body, (int) Math.max(body.length * 2L, bodyLength + more));
        }
    }

    private void readFully(long n) throws IOException {
        while (n > 0) {
            if (readPos == readLimit) {
                fill();
            }
            int take = (int) Math.min(n, readLimit - readPos);
            System.arraycopy(readBuffer, readPos, body, bodyLength, take);
            readPos += take;
            bodyLength += take;
            n -= take;
        }
    }

    private void skipLine() throws IOException {
        int c;
        while ((c = readByte()) != '\n') {
            if (c < 0) {
                throw new EOFException();
            }
        }
    }

    private int readByte() throws IOException {
        int b = readByteOrEof();
        if (b < 0) {
            throw new EOFException("connection closed in the middle of an answer");
        }
        return b;
    }

    private int readByteOrEof() throws IOException {
        if (readPos == readLimit && !fillOrEof()) {
            return -1;
        }
        return readBuffer[readPos++] & 0xff;
    }

    private void fill() throws IOException {
        if (!fillOrEof()) {
            throw new EOFException("connection closed in the middle of an answer");
        }
    }

    private boolean fillOrEof() throws IOException {
        int n = in.read(readBuffer, 0, readBuffer.length);
        if (n <= 0) {
            return false;
        }
        readPos = 0;
        readLimit = n;
        return true;
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
        in = null;
        out = null;
        readPos = 0;
        readLimit = 0;
    }
}
