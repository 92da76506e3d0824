package io.corral.auth;

import java.time.OffsetDateTime;

/** One transition of a session: from which state (null for its start) to which, when, by whom, why. */
public record AuthSessionEvent(String from, String to, OffsetDateTime at, String actor, String reason) {
}
