package io.corral.relay;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.logging.Level;
import java.util.logging.Logger;

/** A relay's side that is a WebSocket session of this server (the browser's or the agent's). */
public final class SessionEnd implements RelayEnd {
    private static final Logger LOG = Logger.getLogger(SessionEnd.class.getName());
    private final Session session;

    public SessionEnd(Session session) {
        this.session = session;
    }

    @Override
    public void send(ByteBuffer bytes) throws IOException {
        try {
            session.getBasicRemote().sendBinary(bytes);
        } catch (IllegalStateException e) {
            throw new IOException("the socket is closed", e);
        }
    }

    @Override
    public void close(int code, String reason) {
        close(session, code, reason);
    }

    /** Closes {@code session} with an application code and reason; a socket already gone is no error. */
    public static void close(Session session, int code, String reason) {
        if (!session.isOpen()) {
            return;
        }
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), RelayClose.reason(reason)));
        } catch (IOException | IllegalStateException e) {
            LOG.log(Level.FINE, "closing a relay socket", e);
        }
    }
}
