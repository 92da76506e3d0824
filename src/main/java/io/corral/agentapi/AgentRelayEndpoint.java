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
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The agent's dial-back for a desktop relay ({@code /api/v1/agent/relay/{relayId}}), authenticated by
 * the agent's bearer token like the rest of the agent API. The agent closes it with {@code 4502} and
 * a reason when it could not reach the guest.
 */
@ServerEndpoint(value = AgentRelayEndpoint.PATH, configurator = AgentRelayEndpoint.Bearer.class)
public class AgentRelayEndpoint {
    public static final String PATH = "/api/v1/agent/relay/{relayId}";
    private static final Logger LOG = Logger.getLogger(AgentRelayEndpoint.class.getName());
    private static final String SECRET = "corral.relay.bearer";
    private RelayService service;
    private Relay relay;

    /** Keeps the bearer secret of the handshake for {@link #open} (per session; never logged). */
    public static class Bearer extends ServerEndpointConfig.Configurator {
        @Override
        public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
            List<String> header = request.getHeaders().get("Authorization");
            String value = header == null || header.isEmpty() ? "" : header.get(0);
            config.getUserProperties().put(SECRET, value.regionMatches(true, 0, "Bearer ", 0, 7)
                    ? value.substring(7).trim() : "");
        }
    }

    @OnOpen
    public void open(Session session, @PathParam("relayId") String id) {
        service = CDI.current().select(RelayService.class).get();
        Object secret = session.getUserProperties().remove(SECRET);
        Optional<Caller> caller = secret instanceof String s && !s.isEmpty()
                ? CDI.current().select(CallerResolver.class).get().resolve(s) : Optional.empty();
        if (caller.isEmpty() || !caller.get().isAgent()) {
            SessionEnd.close(session, RelayClose.NOT_YOURS, "an agent token is required");
            return;
        }
        UUID relayId = RelayIds.parse(id);
        String refusal = relayId == null ? "not a relay id"
                : service.agentOpened(relayId, caller.get().id(), new SessionEnd(session));
        if (refusal != null) {
            LOG.info(() -> "Relay " + id + ": dial-back of agent " + caller.get().id() + " refused: " + refusal);
            SessionEnd.close(session, RelayClose.UNKNOWN_RELAY, refusal);
            return;
        }
        relay = service.find(relayId).orElse(null);
    }

    @OnMessage(maxMessageSize = 16 * 1024 * 1024)
    public void message(ByteBuffer bytes) {
        if (relay != null) {
            relay.fromAgent(bytes, service.now());
        }
    }

    @OnClose
    public void closed(CloseReason reason) {
        if (relay != null) {
            relay.agentClosed(reason.getCloseCode().getCode(), reason.getReasonPhrase(), service.now());
        }
    }

    @OnError
    public void error(Throwable error) {
        LOG.log(Level.FINE, "agent relay socket error", error);
    }
}
