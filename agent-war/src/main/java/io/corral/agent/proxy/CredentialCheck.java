package io.corral.agent.proxy;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * Asks Proxmox whether a caller's credentials are good before its clone takes a place in the
 * gate's queue: an authenticated {@code GET /api2/json/version} (cheap; any valid token or ticket
 * may read it) with the caller's own headers. Accepted credentials are remembered for
 * {@link #TTL} by their hash, so a client's clones cost Proxmox one extra call per half minute;
 * refusals are not remembered (Proxmox rate-limits bad logins itself).
 */
final class CredentialCheck {

    /** How long an accepted credential is not asked about again. */
    static final Duration TTL = Duration.ofSeconds(30);
    private static final int MAX_REMEMBERED = 10_000;

    /** Proxmox's answer: {@code 200} means accepted. */
    record Verdict(int status, String reason) {
        boolean accepted() {
            return status == 200;
        }
    }

    private final Map<String, Long> acceptedUntil = new ConcurrentHashMap<>();

    /**
     * @param probe the {@code GET /version} request carrying the caller's credentials
     * @throws IOException when Proxmox could not be asked
     */
    Verdict check(Caller caller, ClassicHttpRequest probe, Upstream upstream) throws IOException {
        long now = System.nanoTime();
        Long until = acceptedUntil.get(caller.hash());
        if (until != null && until - now > 0) {
            return new Verdict(200, "OK");
        }
        try (CloseableHttpResponse response = upstream.execute(probe)) {
            EntityUtils.consumeQuietly(response.getEntity());
            Verdict verdict = new Verdict(response.getCode(), response.getReasonPhrase());
            if (verdict.accepted()) {
                if (acceptedUntil.size() >= MAX_REMEMBERED) {
                    acceptedUntil.clear();
                }
                acceptedUntil.put(caller.hash(), now + TTL.toNanos());
            }
            return verdict;
        }
    }
}
