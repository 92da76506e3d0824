package io.corral.fleet;

import java.util.Locale;

/** Liveness of an agent, derived from its last heartbeat and its TTL. */
public enum AgentStatus {
    ONLINE, OFFLINE;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
