package io.corral.platform.security;

import io.corral.platform.audit.AuditLog;
import io.corral.platform.error.ValidationProblem;
import io.corral.platform.rest.Ids;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Console users (admin): create, list, change role, enable or disable, set a password. */
@RequestScoped
@Path("v1/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Access(Role.ADMIN)
public class UserResource {
    @Inject
    UserService users;

    @Inject
    CurrentCaller caller;

    @Inject
    AuditLog audit;

    public record CreateUserRequest(String username, String password, String role) {
    }

    public record UpdateUserRequest(String role, Boolean enabled, String password) {
    }

    @POST
    public Response create(CreateUserRequest body) {
        if (body == null) {
            throw new ValidationProblem("body", "a JSON object with username, password and role is required");
        }
        UserView user = users.create(body.username(), body.password(), parseRole(body.role(), true),
                caller.get().name());
        audit.record(caller.get().name(), caller.get().role().value(), "user.create", "user", user.username(),
                AuditLog.OK, "role " + user.role());
        return Response.status(Response.Status.CREATED).entity(user).build();
    }

    @GET
    public Map<String, List<UserView>> list() {
        return Map.of("items", users.list());
    }

    @PATCH
    @Path("{id}")
    public UserView update(@PathParam("id") String id, UpdateUserRequest body) {
        if (body == null) {
            throw new ValidationProblem("body", "a JSON object with role, enabled or password is required");
        }
        UUID userId = Ids.parse("id", id);
        UserView user = users.update(userId, parseRole(body.role(), false), body.enabled(), body.password(),
                caller.get().name());
        audit.record(caller.get().name(), caller.get().role().value(), "user.update", "user", user.username(),
                AuditLog.OK, (body.role() == null ? "" : "role " + body.role() + " ")
                        + (body.enabled() == null ? "" : "enabled " + body.enabled() + " ")
                        + (body.password() == null ? "" : "password set"));
        return user;
    }

    private static Role parseRole(String value, boolean required) {
        if (value == null && !required) {
            return null;
        }
        Role role = Role.parse(value);
        if (role == null) {
            throw new ValidationProblem("role", "must be one of admin, operator, viewer");
        }
        return role;
    }
}
