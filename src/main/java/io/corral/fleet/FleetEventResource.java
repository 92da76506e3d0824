package io.corral.fleet;

import io.corral.platform.error.ValidationProblem;
import io.corral.platform.rest.Ids;
import io.corral.platform.rest.Params;
import io.corral.platform.security.Access;
import io.corral.platform.security.Role;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fleet events in order: {@code after} (an event id) pages forward, so a client that keeps the
 * last id it saw reads each event once.
 */
@RequestScoped
@Path("v1/fleet/events")
@Produces(MediaType.APPLICATION_JSON)
@Access(Role.VIEWER)
public class FleetEventResource {
    @Inject
    FleetEvents events;

    @GET
    public Map<String, Object> list(@QueryParam("after") String after, @QueryParam("subject") String subject,
                                    @QueryParam("kind") String kind, @QueryParam("since") String since,
                                    @QueryParam("limit") String limit) {
        long afterId = 0;
        if (after != null) {
            try {
                afterId = Long.parseLong(after);
            } catch (NumberFormatException e) {
                afterId = -1;
            }
            if (afterId < 0) {
                throw new ValidationProblem("after", "must be an event id (a non-negative integer)");
            }
        }
        if (kind != null && !kind.matches("[a-z-]{1,30}")) {
            throw new ValidationProblem("kind", "must be an event kind such as liveness, health, protection");
        }
        List<FleetEvent> page = events.after(afterId, subject == null ? null : Ids.parse("subject", subject), kind,
                since(since), Params.intIn("limit", limit, 1, 1000, 100));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", page);
        body.put("last", page.isEmpty() ? afterId : page.get(page.size() - 1).id());
        return body;
    }

    private static OffsetDateTime since(String value) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            throw new ValidationProblem("since", "must be an ISO-8601 date-time with offset, e.g. 2026-01-31T12:00:00Z");
        }
    }
}
