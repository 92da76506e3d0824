package io.corral.maintenance;

import io.corral.platform.security.Access;
import io.corral.platform.security.CurrentCaller;
import io.corral.platform.security.Role;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The background tasks: schedules, last and next runs, a preview of the next run, a run on demand. */
@RequestScoped
@Path("v1/maintenance/tasks")
@Produces(MediaType.APPLICATION_JSON)
public class TaskResource {
    @Inject
    TaskCatalog catalog;

    @Inject
    TaskRunner runner;

    @Inject
    TaskRunStore runs;

    @Inject
    CurrentCaller caller;

    @Inject
    Clock clock;

    @Context
    UriInfo uriInfo;

    @GET
    @Access(Role.VIEWER)
    public Map<String, List<TaskView>> list() {
        return Map.of("items", catalog.all().stream().map(this::view).toList());
    }

    @GET
    @Path("{name}")
    @Access(Role.VIEWER)
    public TaskView get(@PathParam("name") String name) {
        return view(catalog.get(name));
    }

    /** What the task's next run would do, computed now; nothing is changed. */
    @GET
    @Path("{name}/preview")
    @Access(Role.VIEWER)
    public TaskPreview preview(@PathParam("name") String name) {
        Instant now = clock.instant();
        return TaskPreview.of(name, now, catalog.get(name).plan(now));
    }

    @POST
    @Path("{name}/run")
    @Access(Role.ADMIN)
    public Response run(@PathParam("name") String name) {
        TaskRun run = runner.runNow(catalog.get(name), caller.get().name());
        return Response.accepted(TaskRunView.of(run))
                .location(uriInfo.getBaseUriBuilder().path("v1/maintenance/task-runs").path(run.id().toString()).build())
                .build();
    }

    private TaskView view(MaintenanceTask task) {
        TaskSchedule schedule = catalog.schedule(task.name());
        TaskRunView last = runs.recent(task.name(), null, null, 1).stream().map(TaskRunView::of).findFirst().orElse(null);
        TaskRunView lastScheduled = runs.recentScheduled(task.name()).map(TaskRunView::of).orElse(null);
        return new TaskView(task.name(), task.description(), schedule.toString(), schedule.next(clock.instant()), last,
                lastScheduled);
    }
}
