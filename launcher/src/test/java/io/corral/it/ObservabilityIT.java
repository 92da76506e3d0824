package io.corral.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.corral.launcher.Stack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an operator observes without credentials: MicroProfile Health (live, ready with the
 * database and the notification listener), Corral's own series in /metrics next to the vendor
 * ones (and no unused H2 pool), and one log line per command state change.
 */
@ExtendWith(SharedStack.class)
@Order(9)
class ObservabilityIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static Stack stack;
    private static Api admin;

    @BeforeAll
    static void connect() {
        stack = SharedStack.get();
        admin = new Api(stack.apiUrl(), stack.apiToken());
    }

    @Test
    void healthIsOpenAndNamesItsChecks() throws Exception {
        HttpResponse<String> live = get("/health/live");
        assertThat(live.statusCode()).as(live.body()).isEqualTo(200);
        assertThat(checks(JSON.readTree(live.body()))).contains("application=UP");

        HttpResponse<String> ready = get("/health/ready");
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(checks(JSON.readTree(ready.body()))).contains("database=UP", "notification-listener=UP");

        HttpResponse<String> all = get("/health");
        assertThat(checks(JSON.readTree(all.body()))).contains("application=UP", "database=UP",
                "notification-listener=UP");

        JsonNode api = JSON.readTree(get("/api/v1/health").body());
        assertThat(api.path("status").asText()).isEqualTo("UP");
        assertThat(api.path("notificationListener").asText()).isEqualTo("UP");
    }

    @Test
    void metricsCarryEveryCorralSeriesAndNoH2Pool() throws Exception {
        String gate = "corral_clone_gate_waiting{agent=\"" + stack.agentName() + "\",mp_scope=\"application\"}";
        String metrics = awaitMetrics("the task-run counter and the agent's clone gate", m ->
                m.contains("corral_task_runs_total{") && m.contains(gate));

        for (String series : List.of("corral_commands_live{", "corral_commands_finished_total{",
                "corral_delivery_latency_seconds_count{", "corral_delivery_latency_seconds_bucket{",
                "corral_agents{", "corral_polls_held{", "corral_batch_jobs_running{", "corral_task_runs_total{")) {
            assertThat(metrics).as(series).contains(series);
        }
        assertThat(metrics).contains("corral_commands_live{mp_scope=\"application\",status=\"queued\"}",
                "corral_agents{liveness=\"online\",mp_scope=\"application\"}",
                "corral_batch_jobs_running{job=\"clone-run\",mp_scope=\"application\"}",
                "corral_commands_finished_total{mp_scope=\"application\",status=\"succeeded\"}");
        assertThat(metrics).as("vendor series are still there").contains("memory_usedHeap_bytes");
        assertThat(metrics).doesNotContainIgnoringCase("H2Pool");
        assertThat(metrics).doesNotContain("__default");
        double agents = 0;
        for (String liveness : List.of("online", "degraded", "stale", "offline")) {
            agents += value(metrics, "corral_agents{liveness=\"" + liveness + "\",mp_scope=\"application\"}");
        }
        assertThat(agents).as("the stack's own agent at least").isGreaterThanOrEqualTo(1);
        for (String series : List.of("corral_clone_gate_running{", "corral_clone_gate_granted{",
                "corral_clone_gate_waited_seconds{")) {
            assertThat(metrics).contains(series + "agent=\"" + stack.agentName() + "\"");
        }
    }

    @Test
    void commandsMoveTheBusSeriesAndLogEachStateChange() throws Exception {
        String before = metrics();
        double succeeded = value(before, "corral_commands_finished_total{mp_scope=\"application\",status=\"succeeded\"}");
        double delivered = value(before, "corral_delivery_latency_seconds_count{mp_scope=\"application\"}");

        EmulatedAgent agent = EmulatedAgent.register(stack, admin, true);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(enqueue(agent, 100 + i));
        }
        Set<String> leased = new HashSet<>();
        Await.until("three commands leased", TIMEOUT, () -> {
            agent.next(1, 10).forEach(c -> leased.add(c.path("id").asText()));
            return leased;
        }, l -> l.containsAll(ids));
        for (String id : ids) {
            assertThat(agent.start(id).status()).isEqualTo(200);
            assertThat(agent.succeed(id, "{\"ok\":true}").status()).isEqualTo(200);
        }

        String after = awaitMetrics("three more lifecycles counted", m ->
                value(m, "corral_commands_finished_total{mp_scope=\"application\",status=\"succeeded\"}")
                        >= succeeded + 3);
        assertThat(value(after, "corral_delivery_latency_seconds_count{mp_scope=\"application\"}"))
                .isGreaterThanOrEqualTo(delivered + 3);
        assertThat(value(after, "corral_delivery_latency_seconds_bucket{mp_scope=\"application\",le=\"+Inf\"}"))
                .isGreaterThanOrEqualTo(delivered + 3);

        String id = ids.get(0);
        List<String> lines = Await.until("the transition lines of " + id, TIMEOUT, () -> transitionLines(id),
                l -> l.stream().anyMatch(line -> line.contains(" to=succeeded")));
        assertThat(lines).anyMatch(l -> l.contains("agent=" + agent.id) && l.contains(" from=new to=queued"));
        assertThat(lines).anyMatch(l -> l.contains(" type=proxmox.status from=queued to=leased actor=agent"));
        assertThat(lines).anyMatch(l -> l.contains(" from=leased to=running actor=agent"));
        assertThat(lines).anyMatch(l -> l.contains(" from=running to=succeeded actor=agent"));
        assertThat(lines).noneMatch(l -> l.contains("\"ok\""));
    }

    @Test
    void queueDepthCountsCommandsWaitingForAnIdleAgent() throws Exception {
        EmulatedAgent idle = EmulatedAgent.register(stack, admin, true); // heartbeats once, never polls
        List<String> ids = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                ids.add(enqueue(idle, 100 + i));
            }
            awaitMetrics("four queued commands", m ->
                    value(m, "corral_commands_live{mp_scope=\"application\",status=\"queued\"}") >= 4);
        } finally {
            for (String id : ids) {
                admin.post("/commands/" + id + "/cancel", "");
            }
        }
    }

    /**
     * The listener's connection is killed on the database side; readiness reports the listener
     * DOWN and then UP again once it reconnected by itself. Each new connection is killed again
     * until a DOWN was seen (the listener's growing backoff makes the gap long enough to see).
     */
    @Test
    void readinessFollowsTheNotificationListener() throws Exception {
        Set<Integer> killed = new HashSet<>();
        boolean sawDown = false;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!sawDown && System.nanoTime() < deadline) {
            killed.addAll(terminateListeners());
            long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (!sawDown && System.nanoTime() < until) {
                HttpResponse<String> ready = get("/health/ready");
                sawDown = ready.statusCode() == 503 && checks(JSON.readTree(ready.body()))
                        .contains("notification-listener=DOWN");
                if (sawDown) {
                    assertThat(checks(JSON.readTree(ready.body()))).contains("database=UP");
                    assertThat(get("/api/v1/health").statusCode()).isEqualTo(503);
                }
            }
        }
        assertThat(killed).as("a LISTEN connection was found and terminated").isNotEmpty();
        assertThat(sawDown).as("readiness reported the listener DOWN").isTrue();

        Await.until("readiness UP again", TIMEOUT, () -> get("/health/ready").statusCode(), s -> s == 200);
        assertThat(listenerPids()).as("a new LISTEN connection").isNotEmpty().doesNotContainAnyElementsOf(killed);
        assertThat(Files.readString(stack.controlPlaneLog())).contains("Listening again for notifications");
    }

    /** Read-only commands with equal payloads may be answered by one pending command: each vmid differs. */
    private static String enqueue(EmulatedAgent agent, int vmid) {
        Api.Reply r = admin.post("/commands", "{\"agent\":\"" + agent.id + "\",\"type\":\"proxmox.status\","
                + "\"payload\":{\"node\":\"pve1\",\"vmid\":" + vmid + "}}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().path("id").asText();
    }

    private static List<Integer> terminateListeners() {
        List<Integer> pids = listenerPids();
        sql(s -> {
            for (int pid : pids) {
                s.execute("select pg_terminate_backend(" + pid + ")");
            }
            return null;
        });
        return pids;
    }

    /**
     * The listener's connection: opened by the driver without an application name (the pools set
     * theirs), its last statement a LISTEN, its hello NOTIFY or its empty check round trip.
     */
    private static List<Integer> listenerPids() {
        return sql(s -> {
            List<Integer> pids = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("select pid from pg_stat_activity where datname = current_database() "
                    + "and application_name = 'corral-notify-listener' and pid <> pg_backend_pid()")) {
                while (rs.next()) {
                    pids.add(rs.getInt(1));
                }
            }
            return pids;
        });
    }

    private interface Work<T> {
        T run(Statement s) throws SQLException;
    }

    private static <T> T sql(Work<T> work) {
        try (Connection c = DriverManager.getConnection(stack.jdbcUrl(), stack.dbUser(), stack.dbPassword());
             Statement s = c.createStatement()) {
            return work.run(s);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> transitionLines(String commandId) {
        try {
            return Files.readAllLines(stack.controlPlaneLog()).stream()
                    .filter(l -> l.contains("command=" + commandId + " ")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String awaitMetrics(String what, java.util.function.Predicate<String> done) {
        return Await.until(what, TIMEOUT, ObservabilityIT::metrics, done);
    }

    private static String metrics() {
        HttpResponse<String> r = get("/metrics");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    /** The sample of one series (labels exactly as written); 0 when absent. */
    static double value(String metrics, String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static List<String> checks(JsonNode health) {
        List<String> out = new ArrayList<>();
        health.path("checks").forEach(c -> out.add(c.path("name").asText() + "=" + c.path("status").asText()));
        return out;
    }

    private static HttpResponse<String> get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(stack.controlPlaneUrl() + path))
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
