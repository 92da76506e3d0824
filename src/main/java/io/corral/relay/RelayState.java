package io.corral.relay;

/** Where a relay is: a ticket handed out, a browser waiting for its agent, both connected, or over. */
public enum RelayState {
    ISSUED("issued"), WAITING_FOR_AGENT("waiting-for-agent"), CONNECTED("connected"), CLOSED("closed"),
    FAILED("failed");

    private final String value;

    RelayState(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public boolean isFinal() {
        return this == CLOSED || this == FAILED;
    }
}
