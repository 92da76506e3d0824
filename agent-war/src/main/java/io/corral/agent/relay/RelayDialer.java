package io.corral.agent.relay;

import io.corral.agent.control.ControlPlaneSettings;
import io.corral.agent.executor.CommandFailure;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

/**
 * Opens relays: first the guest's desktop, then the dial-back to the control plane (which carries the
 * guest's failure as its close reason when the guest could not be reached). Keeps the live ones so
 * that the agent can close them when it stops.
 */
public class RelayDialer implements AutoCloseable {
    public static final String SOCKET_PATH = "/api/v1/agent/relay/";
    /** How long the control plane waits for a dial-back when the command does not say. */
    public static final Duration DEFAULT_DIAL_BACK = Duration.ofSeconds(10);
    /** At most this per dial-back attempt, so that one unanswered upgrade leaves time for another. */
    static final Duration DIAL_BACK_ATTEMPT = Duration.ofSeconds(3);
    private static final Duration MIN_ATTEMPT = Duration.ofMillis(500);
    private static final Duration RETRY_PAUSE = Duration.ofMillis(200);
    private static final Logger LOG = Logger.getLogger(RelayDialer.class.getName());

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

    /** As {@link #open(String, URI, Duration)} with the control plane's default dial-back time. */
    public void open(String relayId, URI guestUri) throws CommandFailure {
        open(relayId, guestUri, DEFAULT_DIAL_BACK, null);
    }

    /**
     * Connects the guest at {@code guestUri} to relay {@code relayId} of the control plane; returns once
     * bytes flow. The dial-back is tried again while {@code dialBack} (how long the relay waits for it)
     * lasts: an upgrade the control plane never answered, or a refused connection, is not the end.
     * {@code instance} (may be null) names the control-plane instance holding the relay, as
     * {@code ?instance=} on the dial-back's URL, for a balancer in front of several to route by.
     */
    public void open(String relayId, URI guestUri, Duration dialBack, String instance) throws CommandFailure {
        Instant deadline = Instant.now().plus(dialBack);
        String socket = relayId + (instance == null ? "" : "?instance=" + instance);
        RelayLink link = new RelayLink(relayId, guestUri, live::remove);
        WebSocket guest;
        try {
            guest = connect(http.newWebSocketBuilder(), guestUri, link.fromGuest);
        } catch (CommandFailure unreachable) {
            String reason = "guest desktop " + guestUri.getHost() + ":" + port(guestUri) + " unreachable: "
                    + unreachable.getMessage();
            refuse(socket, reason, deadline);
            throw new CommandFailure(RelayFailures.GUEST_UNREACHABLE, reason);
        }
        WebSocket back;
        try {
            back = dialBack(socket, link.fromControlPlane, deadline);
        } catch (CommandFailure e) {
            guest.abort();
            throw e;
        }
        live.add(link);
        link.start(guest, back);
    }

    private void refuse(String socket, String reason, Instant deadline) {
        try {
            WebSocket back = dialBack(socket, new WebSocket.Listener() { }, deadline);
            back.sendClose(RelayFailures.CLOSE_GUEST_UNREACHABLE, reason.length() > 120 ? reason.substring(0, 120) : reason);
        } catch (CommandFailure ignored) {
            // The command's own failure still tells the control plane's command log.
        }
    }

    /** @param socket the relay's id, with the instance parameter when there is one */
    private WebSocket dialBack(String socket, WebSocket.Listener listener, Instant deadline) throws CommandFailure {
        if (!controlPlane.hasToken()) {
            throw new CommandFailure(RelayFailures.DIAL_BACK_FAILED, "CORRAL_AGENT_TOKEN is not set");
        }
        URI uri = URI.create(controlPlane.baseUrl().replaceFirst("^(?i)http", "ws") + SOCKET_PATH + socket);
        WebSocket back = upgrade(socket.replaceFirst("\\?.*$", ""), uri, listener, deadline);
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

    /** The dial-back's upgrade, tried again until {@code deadline} when unanswered or refused at the TCP level. */
    private WebSocket upgrade(String relayId, URI uri, WebSocket.Listener listener, Instant deadline)
            throws CommandFailure {
        List<String> failures = new ArrayList<>();
        while (true) {
            Duration left = Duration.between(Instant.now(), deadline);
            if (!failures.isEmpty() && left.compareTo(MIN_ATTEMPT) < 0) {
                throw new CommandFailure(RelayFailures.DIAL_BACK_FAILED, "cannot dial back to the control plane ("
                        + failures.size() + (failures.size() == 1 ? " try" : " tries") + "): "
                        + String.join("; ", failures));
            }
            Duration limit = max(MIN_ATTEMPT, min(min(desktops.connectTimeout(), DIAL_BACK_ATTEMPT), left));
            try {
                return new DialBackAttempt(listener).connect(http.newWebSocketBuilder().connectTimeout(limit), uri, limit);
            } catch (TimeoutException e) {
                failures.add("no answer within " + limit.toMillis() + " ms");
                int tries = failures.size();
                LOG.info(() -> "Relay " + relayId + ": the control plane did not answer dial-back try " + tries
                        + " within " + limit.toMillis() + " ms");
            } catch (ExecutionException e) {
                if (e.getCause() instanceof java.net.http.HttpTimeoutException) {
                    // the client's own opening-handshake timeout, a hair before ours
                    failures.add("no answer within " + limit.toMillis() + " ms");
                    continue;
                }
                if (e.getCause() instanceof WebSocketHandshakeException) {
                    throw new CommandFailure(RelayFailures.DIAL_BACK_FAILED, "cannot dial back to the control plane: "
                            + describe(e.getCause()));
                }
                failures.add(describe(e.getCause()));
                pause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CommandFailure(CommandFailure.CANCELLED, "interrupted");
            }
        }
    }

    private static void pause() throws CommandFailure {
        try {
            Thread.sleep(RETRY_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure(CommandFailure.CANCELLED, "interrupted");
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
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
