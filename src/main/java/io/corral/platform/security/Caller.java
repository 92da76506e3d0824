package io.corral.platform.security;

import java.util.UUID;

/**
 * Who is calling the API: an API token (with a role) or an agent.
 *
 * @param kind     what authenticated the call
 * @param id       the token's or agent's id
 * @param name     a name fit for logs and audit (never the secret)
 * @param role     the token's role; null for agents
 * @param ratePerSecond the token's own request rate; null for the configured default
 */
public record Caller(Kind kind, UUID id, String name, Role role, Integer ratePerSecond) {
    public enum Kind { API_TOKEN, AGENT }

    public boolean isAgent() {
        return kind == Kind.AGENT;
    }
}
