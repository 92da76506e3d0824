package io.corral.agent.relay;

import io.corral.agent.control.ControlPlaneSettings;
import io.corral.agent.executor.CommandFailure;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Opens relays: first the guest's desktop, then the dial-back to the control plane (which carries the
 * guest's failure as its close reason when the guest could not be reached). Keeps the live ones so
 * that the agent can close them when it stops.
 */
public class RelayDialer implements AutoCloseable {
    public static final String SOCKET_PATH = "/api/v1/agent/relay/";

    private final ControlPlaneSettings controlPlane;
    private final DesktopSettings desktops;
    private final HttpClient http;
    private final Set<RelayLink> live = ConcurrentHashMap.newKeySet();

    public RelayDialer(ControlPlaneSettings controlPlane, DesktopSettings desktops) {
        this.controlPlane = controlPlane;
        this.desktops = desktops;
        this.http = HttpClient.newBuilder().connectTimeout(desktops.connectTimeout()).build();
    }

    public DesktopSettings desktops() {
        return desktops;
    }

    /** Connects the guest at {@code guestUri} to relay {@code relayId} of the control plane; returns once bytes flow. */
    public void open(String relayId, URI guestUri) throws CommandFailure {
        RelayLink link = new RelayLink(relayId, guestUri, live::remove);
        WebSocket guest;
        try {
            guest = connect(http.newWebSocketBuilder(), guestUri, link.fromGuest);
        } catch (CommandFailure unreachable) {
            String reason = "guest desktop " + guestUri.getHost() + ":" + port(guestUri) + " unreachable: "
                    + unreachable.getMessage();
            refuse(relayId, reason);
            throw new CommandFailure(RelayFailures.GUEST_UNREACHABLE, reason);
        }
        WebSocket back;
        try {
            back = dialBack(relayId, link.fromControlPlane);
        } catch (CommandFailure e) {
            guest.abort();
            throw e;
        }
        live.add(link);
        link.start(guest, back);
    }

    private void refuse(String relayId, String reason) {
        try {
            WebSocket back = dialBack(relayId, new WebSocket.Listener() { });
            back.sendClose(RelayFailures.CLOSE_GUEST_UNREACHABLE, reason.length() > 120 ? reason.substring(0, 120) : reason);
        } catch (CommandFailure ignored) {
            // The command's own failure still tells the control plane's command log.
        }
    }

    private WebSocket dialBack(String relayId, WebSocket.Listener listener) throws CommandFailure {
        if (!controlPlane.hasToken()) {
            throw new CommandFailure(RelayFailures.DIAL_BACK_FAILED, "CORRAL_AGENT_TOKEN is not set");
        }
        URI uri = URI.create(controlPlane.baseUrl().replaceFirst("^(?i)http", "ws") + SOCKET_PATH + relayId);
        WebSocket back;
        try {
            back = connect(http.newWebSocketBuilder(), uri, listener);
        } catch (CommandFailure e) {
            throw new CommandFailure(RelayFailures.DIAL_BACK_FAILED, "cannot dial back to the control plane: "
                    + e.getMessage());
        }
        try {
            // The socket's first message authenticates it (see the control plane's AgentRelayEndpoint).
            back.sendText("Bearer " + controlPlane.token().trim(), true)
                    .get(desktops.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return back;
        } catch (ExecutionException | TimeoutException e) {
            back.abort();
            throw new CommandFailure(RelayFailures.DIAL_BACK_FAILED, "cannot authenticate the dial-back");
        } catch (InterruptedException e) {
            back.abort();
            Thread.currentThread().interrupt();
            throw new CommandFailure(CommandFailure.CANCELLED, "interrupted");
        }
    }

    private WebSocket connect(WebSocket.Builder builder, URI uri, WebSocket.Listener listener) throws CommandFailure {
        try {
            return builder.connectTimeout(desktops.connectTimeout()).buildAsync(uri, listener)
                    .get(desktops.connectTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new CommandFailure(RelayFailures.GUEST_UNREACHABLE, describe(e.getCause()));
        } catch (TimeoutException e) {
            throw new CommandFailure(RelayFailures.GUEST_UNREACHABLE, "no answer within "
                    + desktops.connectTimeout().toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure(CommandFailure.CANCELLED, "interrupted");
        }
    }

    static String describe(Throwable cause) {
        if (cause instanceof WebSocketHandshakeException h) {
            return "HTTP " + h.getResponse().statusCode() + " instead of a WebSocket";
        }
        if (cause instanceof ConnectException || cause != null && cause.getCause() instanceof ConnectException) {
            return "connection refused";
        }
        return cause == null ? "unknown error" : cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "wss".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /** Relays open now. */
    public int live() {
        return live.size();
    }

    /** Closes every live relay, telling the control plane the agent is stopping. */
    @Override
    public void close() {
        for (RelayLink link : Set.copyOf(live)) {
            link.end(RelayFailures.CLOSE_AGENT_GONE, "the agent is shutting down", "agent shutting down");
        }
    }
}
