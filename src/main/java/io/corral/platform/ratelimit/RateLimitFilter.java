package io.corral.platform.ratelimit;

import io.corral.platform.error.ErrorBody;
import io.corral.platform.security.Caller;
import io.corral.platform.security.CurrentCaller;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Per-API-token rate limit on the user API: {@code 429 RATE_LIMITED} with {@code Retry-After}.
 * Agents (long-poll, heartbeat, results) are never limited; a held wait counts once.
 * A guest's helper token has a bucket of its own at {@code CORRAL_VM_RATE_PER_SECOND}: a helper
 * heartbeats every few seconds at most, and each heartbeat is a write, so a looping or hostile
 * guest must not be able to turn its token into a write storm.
 */
@Provider
@ApplicationScoped
@Priority(Priorities.AUTHORIZATION + 10)
public class RateLimitFilter implements ContainerRequestFilter {
    @Inject
    CurrentCaller currentCaller;

    @Inject
    TokenBuckets buckets;

    @Inject
    @ConfigProperty(name = "CORRAL_API_RATE_PER_SECOND", defaultValue = "50")
    int defaultRate;

    @Inject
    @ConfigProperty(name = "CORRAL_VM_RATE_PER_SECOND", defaultValue = "1")
    int vmRate;

    @Override
    public void filter(ContainerRequestContext request) {
        Caller caller = currentCaller.find();
        if (caller == null || caller.isAgent()) {
            return;
        }
        int rate = caller.isVm() ? vmRate : caller.ratePerSecond() != null ? caller.ratePerSecond() : defaultRate;
        long wait = buckets.take(caller.id(), rate, System.nanoTime());
        if (wait > 0) {
            Response r = ErrorBody.response(429, "RATE_LIMITED", "Token " + caller.name() + " is limited to "
                    + rate + " requests/s; retry after " + wait + " s");
            request.abortWith(Response.fromResponse(r).header("Retry-After", String.valueOf(wait)).build());
        }
    }
}
