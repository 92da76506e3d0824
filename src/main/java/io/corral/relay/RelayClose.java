package io.corral.relay;

import java.nio.charset.StandardCharsets;

/**
 * The close codes a relay's sockets carry (4000-4999 are the application's), so a browser or an
 * agent learns why, not just that, its socket closed.
 */
public final class RelayClose {
    public static final int NORMAL = 1000;
    public static final int BAD_TICKET = 4401;
    public static final int NOT_YOURS = 4403;
    public static final int UNKNOWN_RELAY = 4404;
    public static final int NO_DIAL_BACK = 4408;
    public static final int AGENT_REFUSED = 4409;
    public static final int GUEST_UNREACHABLE = 4502;
    public static final int AGENT_GONE = 4503;
    public static final int RELAY_ERROR = 4500;

    private static final int MAX_REASON_BYTES = 123;

    private RelayClose() {
    }

    /** The reason cut to what a close frame can carry, on a character boundary. */
    public static String reason(String text) {
        String reason = text == null ? "" : text;
        while (reason.getBytes(StandardCharsets.UTF_8).length > MAX_REASON_BYTES) {
            reason = reason.substring(0, reason.length() - 1);
        }
        return reason;
    }
}
