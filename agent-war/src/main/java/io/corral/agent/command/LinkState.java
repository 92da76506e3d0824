package io.corral.agent.command;

import java.util.Objects;
import java.util.logging.Logger;

/**
 * The state of one conversation with the control plane (command polls, result delivery),
 * logged once per change, not per request. Shared by all loops doing the same thing.
 */
public final class LinkState {

    private final Logger log;
    private final String what;
    private String state;

    public LinkState(Logger log, String what) {
        this.log = log;
        this.what = what;
    }

    public synchronized void up() {
        if (!"up".equals(state)) {
            state = "up";
            log.info(() -> what + ": connected to the control plane");
        }
    }

    public synchronized void failing(String reason) {
        String next = "failing: " + reason;
        if (!Objects.equals(next, state)) {
            state = next;
            log.warning(() -> what + " failing: " + reason + " (retrying with backoff)");
        }
    }

    public synchronized boolean isUp() {
        return "up".equals(state);
    }
}
