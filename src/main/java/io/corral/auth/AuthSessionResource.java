package io.corral.auth;

import io.corral.platform.error.ValidationProblem;
import io.corral.platform.rest.Ids;
import io.corral.platform.rest.Params;
import io.corral.platform.security.Access;
import io.corral.platform.security.CurrentCaller;
import io.corral.platform.security.Role;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Auth sessions over HTTP ({@code /api/auth/…}, seed 002's paths). Operators start and cancel
 * sessions, viewers read them; the in-VM helper reports with the session's own token, which
 * {@link SessionTokens} checks (those three operations are open to the API filter for that reason).
 */
@RequestScoped
@Path("auth")
@Produces(MediaType.APPLICATION_JSON)
public class AuthSessionResource {
    @Inject
    AuthSessionService sessions;

    @Inject
    AuthSessionHelperService helper;

    @Inject
    CurrentCaller caller;

    @POST
    @Path("start")
    @Consumes(MediaType.APPLICATION_JSON)
    @Access(Role.OPERATOR)
    public Response start(StartSessionRequest body) {
        AuthSessionService.Started started = sessions.start(body, caller.get().name());
        AuthSession s = started.session();
        return Response.created(URI.create("/api/auth/sessions/" + s.id()))
                .entity(new StartedSessionView(started.helperToken(), view(s))).build();
    }

    @GET
    @Path("sessions")
    @Access(Role.VIEWER)
    public Map<String, Object> list(@QueryParam("state") String state, @QueryParam("provider") String provider,
                                    @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        AuthSessionState s = null;
        if (state != null) {
            s = AuthSessionState.parse(state);
            if (s == null) {
                throw new ValidationProblem("state", "must be one of started, vm_creating, vm_created, ready, "
                        + "authenticating, completed, timeout, failed");
            }
        }
        if (provider != null && !provider.matches(AuthProvider.NAME)) {
            throw new ValidationProblem("provider", "must be a provider name (lower-case letters, digits, '-')");
        }
        AuthSessionService.Page page = sessions.list(s, provider, cursor == null ? null : Ids.parse("cursor", cursor),
                Params.intIn("limit", limit, 1, 200, 50));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", page.items().stream().map(this::view).toList());
        body.put("nextCursor", page.nextCursor());
        return body;
    }

    @GET
    @Path("sessions/{id}")
    @Access(Role.VIEWER)
    public AuthSessionView get(@PathParam("id") String id) {
        return view(sessions.get(Ids.parse("id", id)));
    }

    @POST
    @Path("sessions/{id}/cancel")
    @Access(Role.OPERATOR)
    public AuthSessionView cancel(@PathParam("id") String id) {
        return view(sessions.cancel(Ids.parse("id", id), caller.get().name()));
    }

    @POST
    @Path("sessions/{id}/ready")
    @Access(open = true)
    public AuthSessionView ready(@PathParam("id") String id, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        return view(helper.ready(Ids.parse("id", id), auth));
    }

    @POST
    @Path("sessions/{id}/authenticating")
    @Access(open = true)
    public AuthSessionView authenticating(@PathParam("id") String id,
                                          @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        return view(helper.authenticating(Ids.parse("id", id), auth));
    }

    @POST
    @Path("credentials/store")
    @Consumes(MediaType.APPLICATION_JSON)
    @Access(open = true)
    public AuthSessionView storeCredentials(SessionCredentialsRequest body,
                                            @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        return view(helper.store(body, auth));
    }

    private AuthSessionView view(AuthSession s) {
        return AuthSessionView.of(s, sessions.events(s.id()));
    }
}
