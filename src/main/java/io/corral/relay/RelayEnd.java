package io.corral.relay;

import java.io.IOException;
import java.nio.ByteBuffer;

/** One side of a relay (the browser's socket or the agent's), as the pump sees it. */
public interface RelayEnd {

    /** Sends the bytes as one binary message, blocking until written (that is the pump's back-pressure). */
    void send(ByteBuffer bytes) throws IOException;

    /** Closes the socket with a WebSocket close code and a reason (at most 123 bytes of UTF-8). */
    void close(int code, String reason);
}
