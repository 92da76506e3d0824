package io.corral.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The answer side of {@link LeanHttp}: reads a status line, headers and a body with
 * Content-Length, chunked, or none (1xx, 204, 304), through its own read buffer into a reused body
 * buffer. Knows whether any byte of the answer arrived (then a failed call is never re-sent) and
 * whether the server asked to close the connection.
 */
final class HttpAnswer {

    private InputStream in;
    private final byte[] readBuffer = new byte[16 * 1024];
    private int readPos;
    private int readLimit;
    private byte[] body = new byte[16 * 1024];
    private int bodyLength;
    private boolean closeAfter;
    private boolean started;

    /** A new connection (or none). */
    void connected(InputStream stream) {
        in = stream;
        readPos = 0;
        readLimit = 0;
    }

    /** A request is about to be sent. */
    void begin() {
        started = false;
    }

    boolean started() { return started; }
    boolean closeAfter() { return closeAfter; }
    byte[] body() { return body; }
    int bodyLength() { return bodyLength; }


    /** Reads one whole answer; returns its status. */
    int read() throws IOException {
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
        started = true;
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
}
