package io.corral.platform.security;

import io.corral.platform.audit.AuditLog;
import io.corral.platform.error.ValidationProblem;
import io.corral.platform.rest.Ids;
import io.corral.platform.rest.Names;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** API tokens for automation: issue (secret shown once), list (never secrets), revoke. */
@RequestScoped
@Path("v1/tokens")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Access(Role.ADMIN)
public class TokenResource {
    @Inject
    TokenService tokens;

    @Inject
    CurrentCaller caller;

    @Inject
    AuditLog audit;

    public record IssueRequest(String name, String role, Integer ratePerSecond) {
    }

    public record TokenView(UUID id, String name, String role, String createdBy, OffsetDateTime createdAt,
                            OffsetDateTime lastUsedAt, OffsetDateTime revokedAt) {
        static TokenView of(ApiToken t) {
            return new TokenView(t.getId(), t.getName(), t.getRole().value(), t.getCreatedBy(), t.getCreatedAt(),
                    t.getLastUsedAt(), t.getRevokedAt());
        }
    }

    @POST
    public Response issue(IssueRequest body) {
        if (body == null) {
            throw new ValidationProblem("body", "a JSON object with name and role is required");
        }
        Names.require("name", body.name());
        Role role = Role.parse(body.role());
        if (role == null) {
            throw new ValidationProblem("role", "must be one of admin, operator, viewer");
        }
        if (body.ratePerSecond() != null && (body.ratePerSecond() < 1 || body.ratePerSecond() > 100_000)) {
            throw new ValidationProblem("ratePerSecond", "must be between 1 and 100000");
        }
        TokenService.IssuedToken issued = tokens.issue(body.name(), role, body.ratePerSecond(), caller.get().name());
        TokenView view = TokenView.of(issued.token());
        audit.record(caller.get().name(), caller.get().role().value(), "token.issue", "token", view.name(), AuditLog.OK,
                "role " + view.role() + " id " + view.id());
        return Response.status(Response.Status.CREATED)
                .entity(Map.of("id", view.id(), "name", view.name(), "role", view.role(), "token", issued.secret()))
                .build();
    }

    @GET
    public Map<String, List<TokenView>> list() {
        return Map.of("items", tokens.list().stream().map(TokenView::of).toList());
    }

    @DELETE
    @Path("{id}")
    public Response revoke(@PathParam("id") String id) {
        UUID tokenId = Ids.parse("id", id);
        tokens.revoke(tokenId, caller.get().name());
        audit.record(caller.get().name(), caller.get().role().value(), "token.revoke", "token", tokenId.toString(),
                AuditLog.OK, null);
        return Response.noContent().build();
    }
}
