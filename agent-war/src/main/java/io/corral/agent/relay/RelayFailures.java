package io.corral.agent.relay;

/** Error codes of {@code relay.open}, and the close codes the agent's dial-back carries. */
public final class RelayFailures {
    public static final String GUEST_UNREACHABLE = "RELAY_GUEST_UNREACHABLE";
    public static final String DIAL_BACK_FAILED = "RELAY_DIAL_BACK_FAILED";
    public static final String DESKTOP_URL_INVALID = "RELAY_DESKTOP_URL_INVALID";

    /** The dial-back closes with this when the guest could not be reached; the reason says why. */
    public static final int CLOSE_GUEST_UNREACHABLE = 4502;
    /** The dial-back closes with this when the agent stops. */
    public static final int CLOSE_AGENT_GONE = 4503;

    private RelayFailures() {
    }
}
