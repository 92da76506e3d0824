package io.corral.platform.security;

import io.corral.platform.error.AccessProblem;
import io.corral.platform.error.ErrorBody;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

import java.util.Optional;

/**
 * Authenticates every API call by its bearer token and checks the resource's {@link Access}.
 * API tokens never reach {@code /api/v1/agent/**}; agent tokens never reach the user API.
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
        Optional<Caller> caller = resolver.resolve(header.substring(BEARER.length()).trim());
        if (caller.isEmpty()) {
            abort(request, AccessProblem.unauthorized("Unknown or revoked token"));
            return;
        }
        String refusal = refusal(access, caller.get());
        if (refusal != null) {
            abort(request, AccessProblem.forbidden(refusal));
            return;
        }
        currentCaller.set(caller.get());
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

    private static String refusal(Access access, Caller caller) {
        if (access == null) {
            return "This resource is not open to any token";
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
