package io.corral.relay;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A relay as the API and the console show it: state, bytes each way, times, and the last error that
 * explains a close (never the ticket).
 */
public record RelayView(UUID id, UUID vmId, UUID agentId, String node, int vmid, String vmName, String state,
                        String requestedBy, OffsetDateTime issuedAt, OffsetDateTime ticketExpiresAt,
                        OffsetDateTime browserConnectedAt, OffsetDateTime connectedAt, OffsetDateTime closedAt,
                        long bytesToGuest, long bytesToBrowser, String lastError, Integer closeCode, UUID commandId) {
}
