package io.corral.auth;

import io.corral.platform.error.ValidationProblem;
import io.corral.platform.rest.Ids;
import io.corral.platform.rest.Names;
import io.corral.platform.rest.Params;
import io.corral.platform.security.Access;
import io.corral.platform.security.CurrentCaller;
import io.corral.platform.security.Role;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The credential vault over HTTP. Metadata is for operators (they run auth sessions and need to
 * see which credentials exist and whether they still work); everything that touches a secret or
 * its trail (store, reveal, delete, audit) is for admins. No answer but a reveal holds a secret.
 */
@RequestScoped
@Path("v1/credentials")
@Produces(MediaType.APPLICATION_JSON)
public class CredentialResource {
    @Inject
    CredentialService vault;

    @Inject
    CurrentCaller caller;

    @Context
    UriInfo uriInfo;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Access(Role.ADMIN)
    public Response store(StoreCredentialRequest body) {
        Credential c = vault.store(body.provider(), body.sessionId(), body.label(), body.expiresAt(),
                body.credentials(), caller.get().name());
        return Response.created(uriInfo.getAbsolutePathBuilder().path(c.id().toString()).build())
                .entity(CredentialView.of(c)).build();
    }

    @GET
    @Access(Role.OPERATOR)
    public Map<String, Object> list(@QueryParam("provider") String provider, @QueryParam("sessionId") String sessionId,
                                    @QueryParam("status") String status, @QueryParam("limit") String limit,
                                    @QueryParam("cursor") String cursor) {
        CredentialStatus s = null;
        if (status != null) {
            s = CredentialStatus.parse(status);
            if (s == null) {
                throw new ValidationProblem("status", "must be one of valid, expired, invalid, unknown");
            }
        }
        CredentialService.Page page = vault.list(provider == null ? null : Names.require("provider", provider),
                sessionId == null ? null : Ids.parse("sessionId", sessionId), s,
                cursor == null ? null : Ids.parse("cursor", cursor), Params.intIn("limit", limit, 1, 500, 50));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", page.items().stream().map(CredentialView::of).toList());
        body.put("nextCursor", page.nextCursor());
        return body;
    }

    @GET
    @Path("{id}")
    @Access(Role.OPERATOR)
    public CredentialView get(@PathParam("id") String id) {
        return CredentialView.of(vault.get(Ids.parse("id", id)));
    }

    @POST
    @Path("{id}/reveal")
    @Access(Role.ADMIN)
    public RevealedCredentialView reveal(@PathParam("id") String id) {
        return vault.reveal(Ids.parse("id", id), caller.get().name());
    }

    @DELETE
    @Path("{id}")
    @Access(Role.ADMIN)
    public Response delete(@PathParam("id") String id) {
        vault.delete(Ids.parse("id", id), caller.get().name());
        return Response.noContent().build();
    }

    @GET
    @Path("{id}/audit")
    @Access(Role.ADMIN)
    public Map<String, List<CredentialAccessView>> audit(@PathParam("id") String id, @QueryParam("limit") String limit) {
        return Map.of("items", vault.trail(Ids.parse("id", id), Params.intIn("limit", limit, 1, 500, 100)));
    }
}
