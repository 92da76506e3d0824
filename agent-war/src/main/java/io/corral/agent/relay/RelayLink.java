package io.corral.agent.relay;

import java.net.URI;
import java.net.http.WebSocket;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * One live relay on the agent: the guest's desktop socket and the dial-back to the control plane,
 * each piped into the other. When either ends, the other is closed with a reason.
 */
final class RelayLink {
    static final String GUEST = "guest";
    static final String CONTROL_PLANE = "control plane";
    private static final Logger LOG = Logger.getLogger(RelayLink.class.getName());

    private final String relayId;
    private final URI guestUri;
    private final Consumer<RelayLink> onEnd;
    private final AtomicBoolean ended = new AtomicBoolean();
    final Pipe fromGuest;
    final Pipe fromControlPlane;
    private volatile WebSocket guest;
    private volatile WebSocket controlPlane;

    RelayLink(String relayId, URI guestUri, Consumer<RelayLink> onEnd) {
        this.relayId = relayId;
        this.guestUri = guestUri;
        this.onEnd = onEnd;
        this.fromGuest = new Pipe(GUEST, this);
        this.fromControlPlane = new Pipe(CONTROL_PLANE, this);
    }

    String relayId() {
        return relayId;
    }

    /** Both sockets are open: bytes start to flow. */
    void start(WebSocket guest, WebSocket controlPlane) {
        this.guest = guest;
        this.controlPlane = controlPlane;
        fromGuest.start(guest, controlPlane);
        fromControlPlane.start(controlPlane, guest);
        LOG.info(() -> "Relay " + relayId + ": connected to the guest desktop at " + guestUri);
    }

    void closed(String side, int code, String reason) {
        if (side.equals(GUEST)) {
            end(1000, "the guest closed its desktop (" + code + ")", "guest closed (" + code + ")");
        } else {
            end(1000, "the control plane closed the relay", "control plane closed (" + code + " " + reason + ")");
        }
    }

    void broken(String side, Throwable error) {
        String why = "lost the " + side + " connection: " + error.getClass().getSimpleName();
        end(side.equals(GUEST) ? RelayFailures.CLOSE_GUEST_UNREACHABLE : 1000, "agent " + why, why);
    }

    /** Closes both sockets, the control plane's with {@code code} and {@code reason}. */
    void end(int code, String reason, String logged) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        LOG.info(() -> "Relay " + relayId + ": ended, " + logged + "; " + fromGuest.bytes() + " bytes from the guest, "
                + fromControlPlane.bytes() + " to it");
        close(controlPlane, code, reason);
        close(guest, 1000, "relay ended");
        onEnd.accept(this);
    }

    private static void close(WebSocket socket, int code, String reason) {
        if (socket == null || socket.isOutputClosed()) {
            return;
        }
        String cut = reason.length() > 120 ? reason.substring(0, 120) : reason;
        socket.sendClose(code, cut).exceptionally(e -> {
            socket.abort();
            return null;
        });
    }
}
