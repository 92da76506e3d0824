package io.corral.agent.pve;

import java.time.Duration;

/**
 * How to reach one Proxmox VE API.
 *
 * @param url         base URL such as {@code https://pve1:8006}; {@code /api2/json} is appended
 *                    unless already there
 * @param token       API token {@code USER@REALM!TOKENID=SECRET}, or null when not configured
 * @param fingerprint SHA-256 fingerprint of the server certificate to pin, or null to use the
 *                    JVM's trust store
 * @param timeout     connect and per-request timeout
 */
public record PveSettings(String url, String token, String fingerprint, Duration timeout) {

    public static PveSettings of(String url, String token) {
        return new PveSettings(url, token, null, Duration.ofSeconds(10));
    }

    public boolean hasToken() {
        return token != null && !token.isBlank();
    }

    /** The API root without trailing slash, e.g. {@code https://pve1:8006/api2/json}. */
    public String apiRoot() {
        String base = url.trim();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base.endsWith("/api2/json") ? base : base + "/api2/json";
    }

    @Override
    public String toString() {
        // Never let the token reach a log line through a record's toString.
        return "PveSettings[url=" + url + ", token=" + (hasToken() ? "***" : "none")
                + ", fingerprint=" + fingerprint + ", timeout=" + timeout + "]";
    }
}
