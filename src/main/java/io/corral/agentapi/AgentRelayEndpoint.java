package io.corral.agentapi;

import io.corral.platform.security.Caller;
import io.corral.platform.security.CallerResolver;
import io.corral.relay.Relay;
import io.corral.relay.RelayClose;
import io.corral.relay.RelayIds;
import io.corral.relay.RelayService;
import io.corral.relay.SessionEnd;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The agent's dial-back for a desktop relay ({@code /api/v1/agent/relay/{relayId}}). Its first message
 * is a text message {@code Bearer <agent token>} (the same token as the rest of the agent API; read
 * from the socket, not from the handshake, so nothing per connection passes through the endpoint's
 * shared configuration); binary messages are the guest's bytes. The agent closes it with {@code 4502}
 * and a reason when it could not reach the guest.
 */
@ServerEndpoint(AgentRelayEndpoint.PATH)
public class AgentRelayEndpoint {
    public static final String PATH = "/api/v1/agent/relay/{relayId}";
    private static final Logger LOG = Logger.getLogger(AgentRelayEndpoint.class.getName());
    private static final String BEARER = "Bearer ";
    private static final Duration UNAUTHENTICATED = Duration.ofSeconds(10);
    private RelayService service;
    private String relayPath;
    private volatile Relay relay;

    @OnOpen
    public void open(Session session, @PathParam("relayId") String id) {
        service = CDI.current().select(RelayService.class).get();
        relayPath = id;
        // A socket that has not authenticated in time is dropped; a paired desktop may idle. Not with the
        // session's idle timeout: Tyrus runs the check scheduled for the container's default (0, at once)
        // against the value set here, and so closed fresh sockets as idle when the machine was busy.
        service.schedule(UNAUTHENTICATED, () -> {
            if (relay == null) {
                SessionEnd.close(session, RelayClose.NOT_YOURS, "no \"Bearer <agent token>\" within "
                        + UNAUTHENTICATED.toSeconds() + " s");
            }
        });
    }

    /** The first (and only) text message authenticates the agent and pairs the relay. */
    @OnMessage
    public void authenticate(Session session, String text) {
        if (relay != null) {
            return;
        }
        try {
            pair(session, text);
        } catch (RuntimeException e) {
            // Said and closed, not left to the 10-s limit: a socket that got no answer once left no trace.
            LOG.log(Level.WARNING, "Relay " + relayPath + ": the dial-back's first message could not be checked", e);
            SessionEnd.close(session, RelayClose.RELAY_ERROR, "the control plane could not check the token");
        }
    }

    private void pair(Session session, String text) {
        String secret = text.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? text.substring(BEARER.length()).trim() : "";
        Optional<Caller> caller = secret.isEmpty() ? Optional.empty()
                : CDI.current().select(CallerResolver.class).get().resolve(secret);
        if (caller.isEmpty() || !caller.get().isAgent()) {
            SessionEnd.close(session, RelayClose.NOT_YOURS, "send \"Bearer <agent token>\" first");
            return;
        }
        UUID relayId = RelayIds.parse(relayPath);
        String refusal = relayId == null ? "not a relay id"
                : service.agentOpened(relayId, caller.get().id(), new SessionEnd(session));
        if (refusal != null) {
            LOG.info(() -> "Relay " + relayPath + ": dial-back of agent " + caller.get().id() + " refused: " + refusal);
            SessionEnd.close(session, RelayClose.UNKNOWN_RELAY, refusal);
            return;
        }
        relay = service.find(relayId).orElse(null);
    }

    @OnMessage(maxMessageSize = 16 * 1024 * 1024)
    public void message(Session session, ByteBuffer bytes) {
        if (relay == null) {
            SessionEnd.close(session, RelayClose.NOT_YOURS, "send \"Bearer <agent token>\" first");
            return;
        }
        relay.fromAgent(bytes, service.now());
    }

    @OnClose
    public void closed(CloseReason reason) {
        if (relay != null) {
            relay.agentClosed(reason.getCloseCode().getCode(), reason.getReasonPhrase(), service.now());
        }
    }

    @OnError
    public void error(Throwable error) {
        LOG.info(() -> "Relay " + relayPath + ": agent socket error: " + error);
        LOG.log(Level.FINE, "agent relay socket error", error);
    }
}
