package io.corral.relay;

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
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The browser's side of a desktop relay ({@code /relay/{relayId}?ticket=…}): opened with the one-time
 * ticket of {@code POST /api/v1/vms/{id}/desktop}, it carries the guest's RFB stream as binary messages.
 */
@ServerEndpoint("/relay/{relayId}")
public class BrowserRelayEndpoint {
    private static final Logger LOG = Logger.getLogger(BrowserRelayEndpoint.class.getName());
    private RelayService service;
    private Relay relay;

    @OnOpen
    public void open(Session session, @PathParam("relayId") String id) {
        service = CDI.current().select(RelayService.class).get();
        UUID relayId = RelayIds.parse(id);
        if (relayId == null) {
            SessionEnd.close(session, RelayClose.UNKNOWN_RELAY, "not a relay id");
            return;
        }
        List<String> tickets = session.getRequestParameterMap().get("ticket");
        String ticket = tickets == null || tickets.isEmpty() ? null : tickets.get(0);
        String refusal = service.browserOpened(relayId, ticket, new SessionEnd(session));
        if (refusal != null) {
            LOG.info(() -> "Relay " + relayId + ": a browser socket was refused: " + refusal);
            SessionEnd.close(session, refusal.startsWith("unknown") ? RelayClose.UNKNOWN_RELAY : RelayClose.BAD_TICKET,
                    refusal);
            return;
        }
        relay = service.find(relayId).orElse(null);
    }

    @OnMessage(maxMessageSize = 4 * 1024 * 1024)
    public void message(ByteBuffer bytes) {
        if (relay != null) {
            relay.fromBrowser(bytes, service.now());
        }
    }

    @OnClose
    public void closed(CloseReason reason) {
        if (relay != null) {
            relay.browserClosed(reason.getCloseCode().getCode(), service.now());
        }
    }

    @OnError
    public void error(Throwable error) {
        LOG.log(Level.FINE, "browser relay socket error", error);
    }
}
