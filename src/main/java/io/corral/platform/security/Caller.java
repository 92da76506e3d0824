package io.corral.platform.security;

import java.util.UUID;

/**
 * Who is calling the API: an API token (with a role), an agent, or the helper inside one guest (VM).
 *
 * @param kind     what authenticated the call
 * @param id       the token's, agent's or guest's id
 * @param name     a name fit for logs and audit (never the secret)
 * @param role     the token's role; null for agents and guests
 * @param ratePerSecond the token's own request rate; null for the configured default
 */
public record Caller(Kind kind, UUID id, String name, Role role, Integer ratePerSecond) {
    public enum Kind { API_TOKEN, AGENT, VM }

    public boolean isAgent() {
        return kind == Kind.AGENT;
    }

    public boolean isVm() {
        return kind == Kind.VM;
    }
}
