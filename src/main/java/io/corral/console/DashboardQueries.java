package io.corral.console;

import io.corral.platform.json.Jsons;
import io.corral.fleet.FleetSettings;
import io.corral.fleet.LivenessSettings;
import io.corral.platform.db.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The fleet dashboard's reads, each one statement: agents, nodes, guests (all, or some by id), the queue and
 * failure counters, running clone runs and tasks, and the fleet event tail. Rows come back as JSON objects,
 * the form the dashboard keeps and pushes.
 */
@ApplicationScoped
public class DashboardQueries {
    private static final String AGENTS = """
            select id, name, liveness, version, pve_reachable, pve_error, extract(epoch from now() - last_seen_at),
                   last_seen_at is not null and last_seen_at > now() - make_interval(secs => coalesce(ttl_seconds, ?)),
                   coalesce(ttl_seconds, ?)
              from agent order by name
            """;
    private static final String VM_COLUMNS = "v.id, v.agent_id, a.name, v.node, v.vmid, v.name, v.status, v.liveness, "
            + "v.health, v.template, v.protected, v.cpu, v.mem, v.maxmem from vm v join agent a on a.id = v.agent_id";
    private static final String STATS = """
            select (select count(*) from command where status = 'queued'),
                   (select count(*) from command where status = 'leased'),
                   (select count(*) from command where status = 'running'),
                   (select count(*) from command where created_at > now() - interval '1 hour'
                      and status in ('failed', 'expired'))
            """;
    private static final String FAILURES = """
            select c.id, c.type, a.name, c.status, c.error_code, left(c.error_message, 200), c.finished_at
              from command c join agent a on a.id = c.agent_id
             where c.created_at > now() - interval '24 hours' and c.status in ('failed', 'expired')
             order by c.finished_at desc nulls last limit 8
            """;
    private static final String CLONE_RUNS = """
            select r.id, r.name_pattern, r.template_vmid, r.status, r.count,
                   count(*) filter (where i.status = 'succeeded'), count(*) filter (where i.status = 'failed')
              from clone_run r left join clone_item i on i.run_id = r.id
             where r.status in ('queued', 'running')
             group by r.id order by r.created_at
            """;
    private static final String TASKS = "select task, started_at, instance from task_run where status = 'running' "
            + "order by started_at";

    @Inject
    Jdbc jdbc;

    @Inject
    LivenessSettings liveness;

    @Inject
    FleetSettings fleet;

    /**
     * The agents, their liveness judged now by the health check's rule from the age of their last heartbeat
     * (the stored value changes only when the health check runs, up to a minute later), and offline past their
     * TTL ({@code status}, what enqueue goes by).
     */
    public Map<String, JsonObject> agents() {
        int defaultTtlSeconds = (int) fleet.agentTtl().toSeconds();
        Map<String, JsonObject> rows = new LinkedHashMap<>();
        for (JsonObject a : jdbc.query(AGENTS, rs -> Jsons.JSON.createObjectBuilder()
                .add("id", rs.getString(1))
                .add("name", rs.getString(2))
                // Past its TTL an agent gets no work: offline, whatever the finer thresholds would say.
                .add("liveness", rs.getObject(7) == null || !rs.getBoolean(8) ? "offline"
                        : liveness.agent(Duration.ofSeconds(rs.getInt(9)))
                        .judge(Duration.ofMillis(Math.max(0, (long) (rs.getDouble(7) * 1000)))).value())
                .add("status", rs.getBoolean(8) ? "online" : "offline")
                .add("version", text(rs.getString(4)))
                .add("pve", rs.getObject(5) == null ? "unknown" : rs.getBoolean(5) ? "reachable" : "unreachable")
                .add("pveError", text(rs.getString(6)))
                .build(), defaultTtlSeconds, defaultTtlSeconds)) {
            rows.put(a.getString("id"), a);
        }
        return rows;
    }

    public Map<String, JsonObject> nodes() {
        Map<String, JsonObject> rows = new LinkedHashMap<>();
        for (JsonObject n : jdbc.query("select n.agent_id, a.name, n.name, n.status, n.cpu, n.mem, n.maxmem "
                + "from node n join agent a on a.id = n.agent_id order by a.name, n.name", rs -> Jsons.JSON.createObjectBuilder()
                .add("id", rs.getString(1) + "/" + rs.getString(3))
                .add("agent", rs.getString(2))
                .add("name", rs.getString(3))
                .add("status", rs.getString(4))
                .add("cpu", Math.round(rs.getDouble(5) * 100))
                .add("memPercent", rs.getLong(7) > 0 ? Math.round(rs.getLong(6) * 100.0 / rs.getLong(7)) : 0)
                .build())) {
            rows.put(n.getString("id"), n);
        }
        return rows;
    }

    public Map<String, JsonObject> vms() {
        return vmMap(jdbc.query("select " + VM_COLUMNS + " order by v.name, v.vmid", DashboardQueries::vm));
    }

    /** The guests with these ids that still exist. */
    public Map<String, JsonObject> vms(Collection<UUID> ids) {
        return vmMap(jdbc.query("select " + VM_COLUMNS + " where v.id = any(?)", DashboardQueries::vm,
                (Object) ids.toArray(new UUID[0])));
    }

    /** Queue depth and failures: {@code queued, leased, running, failedLastHour, failures[], cloneRuns[], tasks[]}. */
    public JsonObject stats() {
        JsonObjectBuilder stats = jdbc.one(STATS, rs -> Jsons.JSON.createObjectBuilder()
                .add("queued", rs.getLong(1)).add("leased", rs.getLong(2)).add("running", rs.getLong(3))
                .add("failedLastHour", rs.getLong(4))).orElseThrow();
        JsonArrayBuilder failures = Jsons.JSON.createArrayBuilder();
        jdbc.query(FAILURES, rs -> Jsons.JSON.createObjectBuilder().add("id", rs.getString(1)).add("type", rs.getString(2))
                .add("agent", rs.getString(3)).add("status", rs.getString(4)).add("code", text(rs.getString(5)))
                .add("message", text(rs.getString(6))).add("at", time(rs.getObject(7, OffsetDateTime.class))).build())
                .forEach(failures::add);
        JsonArrayBuilder runs = Jsons.JSON.createArrayBuilder();
        jdbc.query(CLONE_RUNS, rs -> Jsons.JSON.createObjectBuilder().add("id", rs.getString(1)).add("pattern", rs.getString(2))
                .add("template", rs.getInt(3)).add("status", rs.getString(4)).add("total", rs.getInt(5))
                .add("succeeded", rs.getInt(6)).add("failed", rs.getInt(7)).build()).forEach(runs::add);
        JsonArrayBuilder tasks = Jsons.JSON.createArrayBuilder();
        jdbc.query(TASKS, rs -> Jsons.JSON.createObjectBuilder().add("task", rs.getString(1))
                .add("since", time(rs.getObject(2, OffsetDateTime.class))).add("instance", rs.getString(3)).build())
                .forEach(tasks::add);
        return stats.add("failures", failures).add("cloneRuns", runs).add("tasks", tasks).build();
    }

    public long lastEventId() {
        return jdbc.one("select coalesce(max(id), 0) from fleet_event", rs -> rs.getLong(1)).orElse(0L);
    }

    /** A fleet event as the dashboard needs it: which subject, and the change in words. */
    public record Event(long id, String subjectType, UUID subjectId, String text, long atMillis) {
    }

    /** Events after {@code afterId} plus the listed {@code holes} (ids not yet seen below it), oldest first. */
    public List<Event> eventsAfter(long afterId, Collection<Long> holes, int limit) {
        String sql = "select id, subject_type, subject_id, subject_name, kind, from_value, to_value, at from fleet_event"
                + " where id > ? " + (holes.isEmpty() ? "" : "or id = any(?) ") + "order by id limit ?";
        List<Object> params = new ArrayList<>(List.of(afterId));
        if (!holes.isEmpty()) {
            params.add(holes.toArray(new Long[0]));
        }
        params.add(limit);
        return jdbc.query(sql, rs -> new Event(rs.getLong(1), rs.getString(2), rs.getObject(3, UUID.class),
                describe(rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7)),
                rs.getObject(8, OffsetDateTime.class).toInstant().toEpochMilli()), params.toArray());
    }

    /** A fleet event in a few words: "web-1 stopped (was running)", "clone-3 appeared (stopped)". */
    static String describe(String name, String kind, String from, String to) {
        String who = name == null || name.isBlank() ? "?" : name;
        String change = switch (kind) {
            case "inventory" -> "present".equals(to) ? "appeared" : "gone".equals(to) ? "no longer listed by Proxmox"
                    : to;
            case "status" -> to + " (was " + from + ")";
            default -> kind + " " + (from == null ? "–" : from) + " → " + (to == null ? "–" : to);
        };
        return who + " " + change;
    }

    private static Map<String, JsonObject> vmMap(List<JsonObject> list) {
        Map<String, JsonObject> rows = new LinkedHashMap<>();
        list.forEach(v -> rows.put(v.getString("id"), v));
        return rows;
    }

    private static JsonObject vm(ResultSet rs) throws SQLException {
        return Jsons.JSON.createObjectBuilder()
                .add("id", rs.getString(1))
                .add("agentId", rs.getString(2))
                .add("agent", rs.getString(3))
                .add("node", rs.getString(4))
                .add("vmid", rs.getInt(5))
                .add("name", text(rs.getString(6)))
                .add("status", rs.getString(7))
                .add("liveness", rs.getString(8))
                .add("health", text(rs.getString(9)))
                .add("template", rs.getBoolean(10))
                .add("protected", rs.getBoolean(11))
                .add("cpu", Math.round(rs.getDouble(12) * 100))
                .add("memPercent", rs.getLong(14) > 0 ? Math.round(rs.getLong(13) * 100.0 / rs.getLong(14)) : 0)
                .build();
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }

    private static String time(OffsetDateTime t) {
        return t == null ? "" : t.toString();
    }
}
