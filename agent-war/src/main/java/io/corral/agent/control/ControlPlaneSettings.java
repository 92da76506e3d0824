package io.corral.agent.control;

import java.time.Duration;

/**
 * How this agent reaches the control plane.
 *
 * @param url     base URL such as {@code http://127.0.0.1:8080}
 * @param token   this agent's bearer token, or null when not configured
 * @param timeout connect and per-request timeout
 */
public record ControlPlaneSettings(String url, String token, Duration timeout) {

    public boolean hasToken() {
        return token != null && !token.isBlank();
    }

    /** The base URL without trailing slash. */
    public String baseUrl() {
        String base = url.trim();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base;
    }

    @Override
    public String toString() {
        return "ControlPlaneSettings[url=" + url + ", token=" + (hasToken() ? "***" : "none")
                + ", timeout=" + timeout + "]";
    }
}
