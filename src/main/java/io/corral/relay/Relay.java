package io.corral.relay;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * One desktop relay: pairs the browser's socket with the one its agent dials back and pumps bytes
 * both ways, counting them. Transitions are checked against the state they expect, under this
 * object's lock; bytes are sent outside it, so a slow socket never blocks the other direction's
 * bookkeeping. Either side may come first: bytes from a side whose peer is not there yet wait
 * (bounded) and are flushed at pairing.
 */
public final class Relay {
    private static final Logger LOG = Logger.getLogger(Relay.class.getName());
    static final int MAX_PENDING_BYTES = 256 * 1024;

    private final RelayTarget target;
    private final String requestedBy;
    private final String ticketHash;
    private final OffsetDateTime issuedAt;
    private final OffsetDateTime ticketExpiresAt;
    private final AtomicLong toGuest = new AtomicLong();
    private final AtomicLong toBrowser = new AtomicLong();
    private final List<ByteBuffer> pending = new ArrayList<>();
    private int pendingBytes;
    private RelayState state = RelayState.ISSUED;
    private OffsetDateTime browserAt;
    private OffsetDateTime connectedAt;
    private OffsetDateTime closedAt;
    private String lastError;
    private Integer closeCode;
    private UUID commandId;
    private volatile RelayEnd browser;
    private volatile RelayEnd agent;

    public Relay(RelayTarget target, String requestedBy, String ticketHash, OffsetDateTime issuedAt,
                 OffsetDateTime ticketExpiresAt) {
        this.target = target;
        this.requestedBy = requestedBy;
        this.ticketHash = ticketHash;
        this.issuedAt = issuedAt;
        this.ticketExpiresAt = ticketExpiresAt;
    }

    public UUID id() {
        return target.relayId();
    }

    public RelayTarget target() {
        return target;
    }

    /**
     * The browser's socket, with the ticket it presented (hashed). Null when accepted (the relay now
     * waits for its agent), else why not; a ticket is good once, before it expires.
     */
    public synchronized String attachBrowser(String presentedHash, RelayEnd end, OffsetDateTime now) {
        if (presentedHash == null || !java.security.MessageDigest.isEqual(presentedHash.getBytes(), ticketHash.getBytes())) {
            return "wrong ticket for this relay";
        }
        if (state != RelayState.ISSUED) {
            return "this relay's ticket was used already (relay " + state.value() + ")";
        }
        if (now.isAfter(ticketExpiresAt)) {
            return "the ticket expired at " + ticketExpiresAt;
        }
        browser = end;
        browserAt = now;
        state = RelayState.WAITING_FOR_AGENT;
        LOG.info(() -> "Relay " + id() + " for VM " + target.vmId() + ": browser connected, waiting for agent "
                + target.agentId());
        return null;
    }

    /** The agent's dial-back socket. Null when paired (the relay is connected), else why not. */
    public String attachAgent(UUID agentId, RelayEnd end, OffsetDateTime now) {
        List<ByteBuffer> flush;
        synchronized (this) {
            if (!target.agentId().equals(agentId)) {
                return "this relay belongs to another agent";
            }
            if (state != RelayState.WAITING_FOR_AGENT) {
                return "the relay is " + state.value() + (lastError == null ? "" : ": " + lastError);
            }
            agent = end;
            connectedAt = now;
            state = RelayState.CONNECTED;
            flush = new ArrayList<>(pending);
            pending.clear();
            pendingBytes = 0;
        }
        LOG.info(() -> "Relay " + id() + " for VM " + target.vmId() + ": connected through agent " + agentId);
        for (ByteBuffer bytes : flush) {
            fromBrowser(bytes, now);
        }
        return null;
    }

    /** Bytes from the browser, for the guest. */
    public void fromBrowser(ByteBuffer bytes, OffsetDateTime now) {
        RelayEnd to = agent;
        if (to == null) {
            synchronized (this) {
                if (agent == null) {
                    hold(bytes, now);
                    return;
                }
                to = agent;
            }
        }
        int n = bytes.remaining();
        try {
            to.send(bytes);
            toGuest.addAndGet(n);
        } catch (IOException e) {
            fail(RelayClose.AGENT_GONE, "could not write to the agent: " + e.getMessage(), now);
        }
    }

    /** Bytes from the guest (through the agent), for the browser. */
    public void fromAgent(ByteBuffer bytes, OffsetDateTime now) {
        RelayEnd to = browser;
        if (to == null) {
            return;
        }
        int n = bytes.remaining();
        try {
            to.send(bytes);
            toBrowser.addAndGet(n);
        } catch (IOException e) {
            fail(RelayClose.NORMAL, "could not write to the browser: " + e.getMessage(), now);
        }
    }

    private void hold(ByteBuffer bytes, OffsetDateTime now) {
        if (state.isFinal()) {
            return;
        }
        if (pendingBytes + bytes.remaining() > MAX_PENDING_BYTES) {
            fail(RelayClose.RELAY_ERROR, "the browser sent more than " + MAX_PENDING_BYTES
                    + " bytes before the agent dialled back", now);
            return;
        }
        ByteBuffer copy = ByteBuffer.allocate(bytes.remaining()).put(bytes).flip();
        pending.add(copy);
        pendingBytes += copy.remaining();
    }

    /** The browser went away: the relay is closed and the agent's socket with it. */
    public void browserClosed(int code, OffsetDateTime now) {
        if (finish(RelayState.CLOSED, null, code, now)) {
            close(agent, RelayClose.NORMAL, "the browser closed the desktop");
        }
    }

    /**
     * The agent's socket closed. A normal close means the guest ended the session; an application
     * code (4xxx) carries the agent's reason (e.g. the guest refused it); anything else is the agent
     * or the link to it gone. The browser's socket is closed with the same explanation.
     */
    public void agentClosed(int code, String reason, OffsetDateTime now) {
        if (code == RelayClose.NORMAL) {
            if (finish(RelayState.CLOSED, null, code, now)) {
                close(browser, RelayClose.NORMAL, "the guest closed the desktop");
            }
            return;
        }
        boolean explained = code >= 4000 && code <= 4999 && reason != null && !reason.isBlank();
        String error = explained ? reason : "agent disconnected (WebSocket close " + code + ")";
        fail(explained ? code : RelayClose.AGENT_GONE, error, now);
    }

    /** Ends the relay as failed with {@code error}, closing both sockets with {@code code} and that reason. */
    public void fail(int code, String error, OffsetDateTime now) {
        if (finish(RelayState.FAILED, error, code, now)) {
            close(browser, code, error);
            close(agent, code == RelayClose.NORMAL ? RelayClose.RELAY_ERROR : code, error);
        }
    }

    /** Fails the relay with {@code error} if it is still in {@code expected}; true if this call did. */
    public boolean failIf(RelayState expected, int code, String error, OffsetDateTime now) {
        synchronized (this) {
            if (state != expected) {
                return false;
            }
        }
        fail(code, error, now);
        return true;
    }

    private boolean finish(RelayState to, String error, int code, OffsetDateTime now) {
        synchronized (this) {
            if (state.isFinal()) {
                return false;
            }
            state = to;
            closedAt = now;
            closeCode = code;
            if (error != null) {
                lastError = error;
            }
            pending.clear();
            pendingBytes = 0;
        }
        LOG.info(() -> "Relay " + id() + " for VM " + target.vmId() + ": " + to.value()
                + (error == null ? "" : " (" + error + ")") + ", " + toGuest.get() + " bytes to the guest, "
                + toBrowser.get() + " to the browser");
        return true;
    }

    private static void close(RelayEnd end, int code, String reason) {
        if (end != null) {
            end.close(code, RelayClose.reason(reason));
        }
    }

    public synchronized void commandQueued(UUID command) {
        this.commandId = command;
    }

    public synchronized RelayState state() {
        return state;
    }

    public synchronized OffsetDateTime closedAt() {
        return closedAt;
    }

    public OffsetDateTime ticketExpiresAt() {
        return ticketExpiresAt;
    }

    public synchronized RelayView view() {
        return new RelayView(id(), target.vmId(), target.agentId(), target.node(), target.vmid(), target.vmName(),
                state.value(), requestedBy, issuedAt, ticketExpiresAt, browserAt, connectedAt, closedAt,
                toGuest.get(), toBrowser.get(), lastError, closeCode, commandId);
    }
}
