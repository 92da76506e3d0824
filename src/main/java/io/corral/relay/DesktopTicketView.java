package io.corral.relay;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * The answer to {@code POST /api/v1/vms/{id}/desktop}: where to open the relay's WebSocket and the
 * one-time ticket that opens it (also part of {@code url}), good until {@code expiresAt}.
 */
public record DesktopTicketView(UUID relayId, String ticket, String url, OffsetDateTime expiresAt, RelayView relay) {
}
