package io.corral.auth;

/**
 * The answer to {@code POST /api/auth/start}: the session and its helper token, shown this once.
 * The operator hands the token to the helper in the VM; Corral does not put it into the VM's
 * configuration, because command payloads are stored and listed in plain text.
 */
public record StartedSessionView(String helperToken, AuthSessionView session) {
}
