package io.corral.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.launcher.LaunchOptions;
import io.corral.launcher.Stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Background tasks over a large fleet (issue 10, acceptance 6: "one health-check and one
 * metrics-collection run over 10,000 simulated VMs: wall time and database rows written; the run must
 * finish well inside its period: health check ≤ 5 s, metrics ≤ 60 s"). Seeds the simulator with
 * {@code vms} guests on {@code nodes} nodes, starts the stack, waits until the agent's heartbeat has
 * brought all of them into the inventory, then runs each task through
 * {@code POST /api/v1/maintenance/tasks/{name}/run} and reads the run back: its wall time
 * ({@code startedAt → finishedAt}), items, errors, and the rows it added per table (counted before and
 * after). Writes bench/results/fleet-tasks-DATE-HHMM.md. See bench/README.md.
 */
public final class FleetTasksBench {
    private static final List<String> TABLES = List.of("vm_metric", "fleet_event", "task_run", "command", "command_event");
    private static final int HEARTBEATS = 5;
    /** The agent's heartbeat rebuilt from what the control plane stored of its last one. */
    private static final String HEARTBEAT_SQL = """
            select json_build_object('version', a.version, 'capabilities', a.capabilities::json,
              'startedAt', a.started_at, 'heartbeatSeconds', a.heartbeat_seconds,
              'pve', json_build_object('reachable', true, 'version', a.pve_version, 'error', null),
              'inFlight', json_build_array(),
              'nodes', (select json_agg(json_build_object('name', name, 'status', status, 'cpu', cpu, 'maxcpu', maxcpu,
                  'mem', mem, 'maxmem', maxmem, 'uptime', uptime)) from node where agent_id = a.id),
              'guests', (select json_agg(json_build_object('node', node, 'vmid', vmid, 'type', type, 'name', name,
                  'status', status, 'template', template, 'cpu', cpu, 'mem', mem, 'maxmem', maxmem, 'maxdisk', maxdisk,
                  'uptime', uptime, 'lock', lock) order by vmid) from vm where agent_id = a.id))::text
              from agent a where a.id = ?
            """;
    private static final Map<String, Double> TARGET_SECONDS = Map.of("health-check", 5.0, "metrics-collection", 60.0);

    private FleetTasksBench() {
    }

    public static void main(String[] args) throws Exception {
        BenchSettings settings = BenchSettings.parse(args);
        int vms = settings.fleetVms();
        int nodes = settings.fleetNodes();
        int runs = settings.fleetRuns();
        Report report = new Report("fleet-tasks", "Background tasks over a large fleet",
                "`bench/run.sh fleet-tasks` (`io.corral.bench.FleetTasksBench`)", true);
        Path dataDir = settings.dataDir("fleet-tasks-data");
        BenchStack.deleteRecursively(dataDir);
        Files.createDirectories(dataDir);
        Path seed = writeSeed(dataDir.resolve("seed.json"), vms, nodes);
        LaunchOptions.Builder builder = LaunchOptions.forTests(dataDir)
                .stackDir(settings.stackDir())
                .pveSeed(seed)
                .heartbeatSeconds(settings.fleetHeartbeatSeconds())
                .agentTtlSeconds(Math.max(30, 3 * settings.fleetHeartbeatSeconds()))
                .controlPlaneEnv("CORRAL_PRUNE_SCHEDULE", "off")
                .controlPlaneEnv("CORRAL_API_RATE_PER_SECOND", "100000");
        if (settings.fleetMaxAgentBodyBytes() > 0) {
            builder.controlPlaneEnv("CORRAL_MAX_AGENT_BODY_BYTES", Integer.toString(settings.fleetMaxAgentBodyBytes()));
        }
        LaunchOptions options = builder.build();
        Stack stack = BenchStack.prepare(options);
        int exit = 0;
        try {
            BenchStack.printHeader();
            BenchStack.launch(stack, report, false);
            Db db = new Db(stack.jdbcUrl(), stack.dbUser(), stack.dbPassword());
            long t1 = System.nanoTime();
            long seen = awaitInventory(db, vms, Duration.ofSeconds(settings.fleetMaxAgentBodyBytes() > 0 ? 60 : 300));
            report.row("Inventory", "guests in the inventory (heartbeat)", String.format("%,d of %,d after %.1f s",
                    seen, vms, (System.nanoTime() - t1) / 1e9), String.format("%,d", vms), seen == vms);
            report.detail("Inventory", String.format("seed: %,d guests on %d nodes (every tenth stopped, no templates); "
                    + "the agent reports all of them in each heartbeat (every %d s)", vms, nodes,
                    settings.fleetHeartbeatSeconds()));
            if (seen < vms) {
                throw new IllegalStateException("the inventory holds " + seen + " of " + vms + " guests: see the logs in "
                        + stack.logDir());
            }
            Api api = new Api(stack.controlPlaneUrl(), 4, "bench-http");
            String admin = stack.apiToken();
            for (int i = 1; i <= runs; i++) {
                for (String task : List.of("health-check", "metrics-collection")) {
                    run(api, admin, db, report, task, runs == 1 ? "" : " #" + i);
                }
            }
            metricsRead(api, admin, db, report);
            heartbeatCost(api, stack.agentToken(), stack.agentId(), db, report);
        } catch (Exception e) {
            report.failure("run", e);
            e.printStackTrace();
            exit = 1;
        } finally {
            stack.close();
        }
        report.finish(settings, exit);
    }

    /** One run of a task through the API: its wall time, items, errors and the rows it added. */
    private static void run(Api api, String admin, Db db, Report report, String task, String suffix) throws Exception {
        String phase = task + suffix;
        Map<String, Long> before = db.counts();
        long t = System.nanoTime();
        String id = api.expect(202, "POST", "/api/v1/maintenance/tasks/" + task + "/run", admin, null).path("id").asText();
        JsonNode r = api.expect(200, "GET", "/api/v1/maintenance/task-runs/" + id, admin, null);
        while ("running".equals(r.path("status").asText())) {
            Thread.sleep(100);
            r = api.expect(200, "GET", "/api/v1/maintenance/task-runs/" + id, admin, null);
        }
        double observed = (System.nanoTime() - t) / 1e9;
        Map<String, Long> after = db.counts();
        double wall = Duration.between(OffsetDateTime.parse(r.path("startedAt").asText()),
                OffsetDateTime.parse(r.path("finishedAt").asText())).toMillis() / 1000.0;
        double target = TARGET_SECONDS.get(task);
        report.row(phase, "run outcome", r.path("status").asText() + errors(r), "succeeded",
                "succeeded".equals(r.path("status").asText()));
        report.row(phase, "wall time (startedAt → finishedAt)", String.format("%.2f s (%.2f s from POST to end)", wall,
                observed), String.format("<= %.0f s", target), wall <= target);
        report.row(phase, "items seen / acted on", String.format("%,d / %,d", r.path("itemsSeen").asLong(),
                r.path("itemsActed").asLong()), "", null);
        StringBuilder rows = new StringBuilder();
        long total = 0;
        for (String table : TABLES) {
            long added = after.get(table) - before.get(table);
            total += added;
            if (added != 0) {
                rows.append(rows.length() == 0 ? "" : ", ").append(table).append(String.format(" %+,d", added));
            }
        }
        report.row(phase, "database rows written (net, per table)", String.format("%,d: %s", total, rows), "", null);
        String detail = r.path("detail").toString();
        report.detail(phase, "run " + id + ": detail " + (detail.length() <= 1500 ? detail
                : detail.substring(0, 1500) + "… (" + detail.length() + " characters)"));
        if ("metrics-collection".equals(task)) {
            report.row(phase, "queue → all results / storing the samples", String.format("%,d ms / %,d ms",
                    r.path("detail").path("waitMillis").asLong(), r.path("detail").path("storeMillis").asLong()), "", null);
            report.detail(phase, db.text("select 'proxmox.metrics results: ' || string_agg(round(octet_length(result::text) "
                    + "/ 1024.0) || ' KiB in ' || round(extract(epoch from finished_at - created_at)::numeric, 2) "
                    + "|| ' s (queued → result)', '; ') from command where type = 'proxmox.metrics' and created_by like 'task:%'"));
        }
    }

    /** Reads one guest's history back through the API, raw and per step, and sizes the tables. */
    private static void metricsRead(Api api, String admin, Db db, Report report) throws Exception {
        String vmId = db.text("select id::text from vm order by vmid desc limit 1");
        for (String query : List.of("", "", "?step=600", "?since=2026-01-01T00:00:00Z&step=86400")) {
            long t = System.nanoTime();
            JsonNode m = api.expect(200, "GET", "/api/v1/vms/" + vmId + "/metrics" + query, admin, null);
            report.row("Metrics read", "GET /vms/{id}/metrics" + (query.isEmpty() ? " (last hour)" : query),
                    String.format("%d points in %.1f ms", m.path("total").asInt(), (System.nanoTime() - t) / 1e6), "", null);
        }
        report.detail("Table sizes", db.text("select string_agg(t || ' ' || pg_size_pretty(pg_total_relation_size(t)), ', ') "
                + "from unnest(array['vm_metric', 'vm', 'command', 'fleet_event', 'task_run']) t"));
        report.detail("Table sizes", db.text("select 'vm_metric: ' || round(pg_total_relation_size('vm_metric')::numeric "
                + "/ greatest(count(*), 1)) || ' bytes a sample with its indexes (' || count(*) || ' rows)' from vm_metric"));
    }

    /**
     * The control plane's side of a full-inventory heartbeat: the agent's own inventory (as stored) posted
     * again with its token, {@value #HEARTBEATS} times; the median answer time and the body size.
     */
    private static void heartbeatCost(Api api, String agentToken, String agentId, Db db, Report report) throws Exception {
        JsonNode body = Api.JSON.readTree(db.text(HEARTBEAT_SQL.replace("?", "'" + java.util.UUID.fromString(agentId)
                + "'")));
        double[] millis = new double[HEARTBEATS];
        for (int i = 0; i < HEARTBEATS; i++) {
            long t = System.nanoTime();
            api.expect(200, "POST", "/api/v1/agent/heartbeat", agentToken, body);
            millis[i] = (System.nanoTime() - t) / 1e6;
        }
        report.row("Heartbeat", String.format("POST /agent/heartbeat, %,d guests", body.path("guests").size()),
                String.format("median %.0f ms of %d (%s bytes)", PruneBench.median(millis), HEARTBEATS,
                        String.format("%,d", body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)),
                "", null);
    }

    private static String errors(JsonNode run) {
        JsonNode errors = run.path("detail").path("errors");
        if (run.hasNonNull("error")) {
            return ": " + run.path("error").asText();
        }
        return errors.isArray() && errors.size() > 0 ? " (" + errors.size() + " item errors)" : "";
    }

    private static long awaitInventory(Db db, int vms, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long seen = db.count("select count(*) from vm");
        while (seen < vms && System.nanoTime() < deadline) {
            Thread.sleep(500);
            seen = db.count("select count(*) from vm");
        }
        return seen;
    }

    /** {@code vms} guests, VMIDs from 100, spread over {@code nodes} nodes; every tenth stopped. */
    private static Path writeSeed(Path file, int vms, int nodes) throws Exception {
        ObjectNode root = Api.object();
        ArrayNode nodeArray = root.putArray("nodes");
        ArrayNode[] guests = new ArrayNode[nodes];
        for (int n = 0; n < nodes; n++) {
            ObjectNode node = nodeArray.addObject().put("name", "pve" + (n + 1)).put("maxcpu", 128)
                    .put("maxmem", 4L << 40).put("maxdisk", 64L << 40);
            guests[n] = node.putArray("guests");
        }
        for (int i = 0; i < vms; i++) {
            int vmid = 100 + i;
            guests[i % nodes].addObject().put("vmid", vmid).put("type", i % 5 == 4 ? "lxc" : "qemu")
                    .put("name", "bench-" + vmid).put("status", i % 10 == 9 ? "stopped" : "running")
                    .put("cores", 2).put("maxmem", 2L << 30).put("maxdisk", 32L << 30);
        }
        Api.JSON.writeValue(file.toFile(), root);
        return file;
    }

    /** Row counts and one-off reads on the stack's PostgreSQL. */
    private record Db(String url, String user, String password) {
        Map<String, Long> counts() throws SQLException {
            Map<String, Long> out = new LinkedHashMap<>();
            for (String table : TABLES) {
                out.put(table, count("select count(*) from " + table));
            }
            return out;
        }

        long count(String sql) throws SQLException {
            return Long.parseLong(text(sql));
        }

        String text(String sql) throws SQLException {
            try (Connection c = DriverManager.getConnection(url, user, password); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery(sql)) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
