package io.corral.command;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Filters and page of the command list; null means "any". Pages go newest first. {@code target}: text
 * the payload contains (a VMID, a node, a name; case-insensitive); {@code createdBy}: the caller that
 * queued it, exactly.
 */
public record CommandFilter(CommandStatus status, UUID agentId, String type, OffsetDateTime since,
                            OffsetDateTime until, int limit, Cursor after, String target, String createdBy) {

    public CommandFilter(CommandStatus status, UUID agentId, String type, OffsetDateTime since, OffsetDateTime until,
                         int limit, Cursor after) {
        this(status, agentId, type, since, until, limit, after, null, null);
    }

    /** Position after the last item of a page: (createdAt, id) of that item. */
    public record Cursor(OffsetDateTime createdAt, UUID id) {
        public String encode() {
            return java.util.Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((createdAt + "|" + id).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        public static Cursor decode(String s) {
            String[] parts = new String(java.util.Base64.getUrlDecoder().decode(s),
                    java.nio.charset.StandardCharsets.UTF_8).split("\\|");
            return new Cursor(OffsetDateTime.parse(parts[0]), UUID.fromString(parts[1]));
        }
    }
}
