package io.corral.pvesim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** {@code /nodes/{node}/tasks…}: task lists, status, log, and stopping a task. */
final class TaskResource {

    private final ClusterState state;
    private final TaskRunner runner;

    TaskResource(ClusterState state, TaskRunner runner) {
        this.state = state;
        this.runner = runner;
    }

    void register(Router router) {
        router.add("GET", "/nodes/{node}/tasks", this::list);
        router.add("GET", "/nodes/{node}/tasks/{upid}", request -> {
            task(request);
            return List.of(Map.of("name", "log"), Map.of("name", "status"));
        });
        router.add("GET", "/nodes/{node}/tasks/{upid}/status", request -> status(task(request)));
        router.add("GET", "/nodes/{node}/tasks/{upid}/log", this::log);
        router.add("DELETE", "/nodes/{node}/tasks/{upid}", request -> {
            runner.interrupt(task(request));
            return null;
        });
    }

    /** A task as the task lists show it: {@code status} is the exit status once it has stopped. */
    static Map<String, Object> listEntry(Task task) {
        Map<String, Object> entry = header(task);
        String exitStatus = task.exitStatus();
        if (exitStatus != null) {
            entry.put("status", exitStatus);
            entry.put("endtime", task.endTime());
        }
        return entry;
    }

    private static Map<String, Object> header(Task task) {
        Upid upid = task.upid();
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("upid", upid.toString());
        entry.put("node", upid.node());
        entry.put("pid", upid.pid());
        entry.put("pstart", upid.pstart());
        entry.put("starttime", upid.starttime());
        entry.put("type", upid.type());
        entry.put("id", upid.id());
        entry.put("user", upid.user());
        return entry;
    }

    private static Map<String, Object> status(Task task) {
        Map<String, Object> status = header(task);
        String exitStatus = task.exitStatus();
        status.put("status", exitStatus == null ? "running" : "stopped");
        if (exitStatus != null) {
            status.put("exitstatus", exitStatus);
        }
        return status;
    }

    /** Filters as PVE: by default ({@code source=archive}) only finished tasks are listed. */
    private Object list(ApiRequest request) {
        state.requireNode(request.node());
        String source = request.param("source").orElse("archive");
        Predicate<Task> filter = task -> task.upid().node().equals(request.node());
        filter = filter.and(task -> source.equals("all") || task.isRunning() == source.equals("active"));
        if (request.flag("errors")) {
            filter = filter.and(task -> !task.isRunning() && !Task.OK.equals(task.exitStatus()));
        }
        Map<String, String> exact = Map.of("vmid", "id", "typefilter", "type", "userfilter", "user");
        for (Map.Entry<String, String> e : exact.entrySet()) {
            String wanted = request.param(e.getKey()).orElse(null);
            if (wanted != null) {
                filter = filter.and(task -> wanted.equals(header(task).get(e.getValue())));
            }
        }
        List<Map<String, Object>> tasks = state.tasks().stream().filter(filter).map(TaskResource::listEntry).toList();
        return page(tasks, request.intParam("start", 0), request.intParam("limit", 50));
    }

    /** Lines numbered from 1; an empty log reads {@code no content}, as in PVE. */
    private Object log(ApiRequest request) {
        List<String> lines = task(request).log();
        List<Map<String, Object>> numbered = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            numbered.add(Map.of("n", i + 1, "t", lines.get(i)));
        }
        if (numbered.isEmpty()) {
            numbered.add(Map.of("n", 1, "t", "no content"));
        }
        return page(numbered, request.intParam("start", 0), request.intParam("limit", 50));
    }

    private static ResponseWriter.Paged page(List<?> all, int start, int limit) {
        int from = Math.min(start, all.size());
        int to = Math.min(all.size(), from + limit);
        return new ResponseWriter.Paged(all.subList(from, to), all.size());
    }

    /** PVE rejects an unparsable or unknown UPID as a bad {@code upid} parameter. */
    private Task task(ApiRequest request) {
        state.requireNode(request.node());
        String upid = request.pathParam("upid");
        try {
            Upid.parse(upid);
        } catch (IllegalArgumentException e) {
            throw PveException.parameter("upid", "unable to parse worker upid");
        }
        return state.task(upid)
                .filter(task -> task.upid().node().equals(request.node()))
                .orElseThrow(() -> PveException.parameter("upid", "no such task"));
    }
}
