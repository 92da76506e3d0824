package io.corral.maintenance;

import io.corral.platform.error.NotFoundProblem;
import io.corral.platform.error.ValidationProblem;
import io.corral.platform.rest.Ids;
import io.corral.platform.rest.Params;
import io.corral.platform.security.Access;
import io.corral.platform.security.Role;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The recorded runs of the background tasks, newest first. */
@RequestScoped
@Path("v1/maintenance/task-runs")
@Produces(MediaType.APPLICATION_JSON)
@Access(Role.VIEWER)
public class TaskRunResource {
    private static final Set<String> STATUSES = Set.of("running", "succeeded", "failed", "interrupted");

    @Inject
    TaskRunStore runs;

    @Inject
    TaskCatalog catalog;

    @GET
    public Map<String, List<TaskRunView>> list(@QueryParam("task") String task, @QueryParam("status") String status,
                                               @QueryParam("before") String before, @QueryParam("limit") String limit) {
        if (task != null && catalog.all().stream().noneMatch(t -> t.name().equals(task))) {
            throw new ValidationProblem("task", "unknown task '" + task + "'; known: "
                    + String.join(", ", catalog.all().stream().map(MaintenanceTask::name).toList()));
        }
        if (status != null && !STATUSES.contains(status)) {
            throw new ValidationProblem("status", "must be one of running, succeeded, failed, interrupted");
        }
        return Map.of("items", runs.recent(task, status, instant("before", before),
                Params.intIn("limit", limit, 1, 500, 50)).stream().map(TaskRunView::of).toList());
    }

    @GET
    @Path("{id}")
    public TaskRunView get(@PathParam("id") String id) {
        return runs.find(Ids.parse("id", id)).map(TaskRunView::of).orElseThrow(() -> new NotFoundProblem("Task run", id));
    }

    private static OffsetDateTime instant(String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            throw new ValidationProblem(field, "must be an ISO-8601 date-time with offset, e.g. 2026-01-31T12:00:00Z");
        }
    }
}
