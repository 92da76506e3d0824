package io.corral.platform.security;

import io.corral.platform.error.AccessProblem;
import io.corral.platform.error.ErrorBody;
import io.corral.platform.error.ValidationProblem;
import io.corral.platform.rest.Ids;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;

/**
 * Authenticates every API call by its bearer token and checks the resource's {@link Access}.
 * API tokens never reach {@code /api/v1/agent/**}; agent tokens never reach the user API; a guest's
 * helper token reaches only the resources marked {@code @Access(vm = true)}, for that guest alone.
 * An address that sent more than {@code CORRAL_TOKEN_FAILURES_PER_MINUTE} distinct unknown tokens in a minute
 * gets {@code 429 TOO_MANY_FAILURES} for any token not already known, without a lookup, until the minute ends.
 */
@Provider
@ApplicationScoped
@Priority(Priorities.AUTHENTICATION)
public class ApiAuthFilter implements ContainerRequestFilter {
    private static final String BEARER = "Bearer ";

    @Context
    ResourceInfo resourceInfo;

    @Inject
    CallerResolver resolver;

    @Inject
    CurrentCaller currentCaller;

    @Inject
    HttpServletRequest servletRequest;

    @Inject
    @ConfigProperty(name = "CORRAL_TOKEN_FAILURES_PER_MINUTE", defaultValue = "30")
    int failuresPerMinute;

    private TokenFailures failures;

    @PostConstruct
    void init() {
        failures = new TokenFailures(failuresPerMinute);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Access access = accessOf();
        if (access != null && access.open()) {
            return;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            abort(request, AccessProblem.unauthorized("Send Authorization: Bearer <token>"));
            return;
        }
        String hash = Tokens.hash(header.substring(BEARER.length()).trim());
        Optional<Caller> caller = resolver.cached(hash);
        if (caller.isEmpty()) {
            String address = servletRequest.getRemoteAddr();
            long blocked = failures.blockedSeconds(address, System.currentTimeMillis());
            if (blocked > 0) {
                request.abortWith(Response.fromResponse(ErrorBody.response(429, "TOO_MANY_FAILURES",
                        "Too many unknown or revoked tokens from this address; retry after " + blocked + " s"))
                        .header(HttpHeaders.RETRY_AFTER, String.valueOf(blocked)).build());
                return;
            }
            // Only a lookup counts: the same bad token again is answered from the cache at no cost.
            boolean asked = !resolver.missedRecently(hash);
            caller = resolver.resolveHash(hash);
            if (caller.isEmpty()) {
                if (asked) {
                    failures.failed(address, System.currentTimeMillis());
                }
                abort(request, AccessProblem.unauthorized("Unknown or revoked token"));
                return;
            }
        }
        String refusal = refusal(access, caller.get());
        if (refusal == null && access.vm()) {
            try {
                refusal = otherGuest(request, caller.get());
            } catch (ValidationProblem badId) {
                request.abortWith(ErrorBody.response(badId.status(), badId.code(), badId.getMessage()));
                return;
            }
        }
        if (refusal != null) {
            abort(request, AccessProblem.forbidden(refusal));
            return;
        }
        currentCaller.set(caller.get(), hash);
    }

    /**
     * A helper token is good for its own guest only. Any other id, existing or not, gets the same
     * answer, so a token reveals nothing about other guests; a malformed id is a 400 naming it.
     */
    private static String otherGuest(ContainerRequestContext request, Caller caller) {
        String id = request.getUriInfo().getPathParameters().getFirst("id");
        if (!Ids.parse("id", id).equals(caller.id())) {
            return "This token belongs to another VM";
        }
        return null;
    }

    private Access accessOf() {
        Access onMethod = resourceInfo.getResourceMethod() == null ? null
                : resourceInfo.getResourceMethod().getAnnotation(Access.class);
        if (onMethod != null) {
            return onMethod;
        }
        return resourceInfo.getResourceClass() == null ? null
                : resourceInfo.getResourceClass().getAnnotation(Access.class);
    }

    static String refusal(Access access, Caller caller) {
        if (access == null) {
            return "This resource is not open to any token";
        }
        if (access.vm() != caller.isVm()) {
            return access.vm() ? "Only the VM's own helper token may call this"
                    : "VM helper tokens may only send their VM's heartbeat";
        }
        if (access.vm()) {
            return null;
        }
        if (access.agent() != caller.isAgent()) {
            return access.agent() ? "Only agent tokens may call the agent API"
                    : "Agent tokens may only call the agent API";
        }
        if (!access.agent() && !caller.role().includes(access.value())) {
            return "This needs the " + access.value().value() + " role; the token has " + caller.role().value();
        }
        return null;
    }

    private static void abort(ContainerRequestContext request, AccessProblem problem) {
        request.abortWith(ErrorBody.response(problem.status(), problem.code(), problem.getMessage()));
    }
}
