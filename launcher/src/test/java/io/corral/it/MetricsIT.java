package io.corral.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.corral.launcher.Stack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Metrics history through the real stack: the metrics-collection task, run on demand, asks the agent
 * for its guests' figures and stores one sample per guest; the samples read back through
 * {@code GET /vms/{id}/metrics}, raw and per step; bad input is named; retention prunes old samples.
 */
@ExtendWith(SharedStack.class)
@Order(8)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MetricsIT {
    private static Stack stack;
    private static Api admin;
    private static JsonNode guest;
    private static JsonNode run;

    @BeforeAll
    static void findARunningGuest() {
        stack = SharedStack.get();
        admin = new Api(stack.apiUrl(), stack.apiToken());
        JsonNode vms = Await.until("a running guest in the inventory", Duration.ofSeconds(30),
                () -> admin.get("/vms?status=running&template=false").json(), v -> v.path("total").asInt() > 0);
        guest = vms.path("items").get(0);
    }

    @Test
    @Order(1)
    void aRunStoresOneSamplePerGuestTheAgentReports() throws SQLException {
        long samplesBefore = count("select count(*) from vm_metric where agent_id = ?::uuid", stack.agentId());

        // a scheduled tick (every 10 min) may be running right now: then the run endpoint answers 409
        Api.Reply started = Await.until("the run to start", Duration.ofSeconds(30),
                () -> admin.post("/maintenance/tasks/metrics-collection/run", ""), r -> r.status() != 409);

        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String id = started.json().path("id").asText();
        run = Await.until("metrics-collection run " + id + " to end", Duration.ofSeconds(60),
                () -> admin.get("/maintenance/task-runs/" + id).json(), r -> !"running".equals(r.path("status").asText()));
        assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("succeeded");
        long seen = run.path("itemsSeen").asLong();
        // the inventory follows Proxmox by heartbeat (every second here): a guest another test just made or
        // destroyed may show there a beat later than in the agent's metrics
        long guests = Await.until("the inventory to list the " + seen + " guests the run saw", Duration.ofSeconds(10),
                () -> admin.get("/vms?agent=" + stack.agentId() + "&template=false").json().path("total").asLong(),
                n -> n == seen);
        assertThat(seen).as(run.toString()).isPositive();
        assertThat(run.path("itemsActed").asLong()).as(run.toString()).isEqualTo(guests);
        assertThat(run.path("finishedAt").isNull()).isFalse();
        assertThat(count("select count(*) from vm_metric where agent_id = ?::uuid", stack.agentId()))
                .as("one sample per guest (more only if a scheduled tick also ran meanwhile)")
                .isGreaterThanOrEqualTo(samplesBefore + guests);
        assertThat(count("select count(*) from command where type = 'proxmox.metrics' and status = 'succeeded' "
                + "and created_by like '%metrics-collection%'")).isGreaterThanOrEqualTo(1);
    }

    @Test
    @Order(2)
    void theSamplesReadBackAsTheGuestsHistory() {
        JsonNode series = admin.get("/vms/" + guest.path("id").asText() + "/metrics").json();

        assertThat(series.path("vmid").asInt()).isEqualTo(guest.path("vmid").asInt());
        assertThat(series.path("step").isNull()).isTrue();
        assertThat(series.path("total").asInt()).as(series.toString()).isGreaterThanOrEqualTo(1);
        JsonNode point = series.path("points").get(series.path("total").asInt() - 1);
        assertThat(point.path("samples").asInt()).isEqualTo(1);
        assertThat(point.path("status").asText()).isEqualTo("running");
        assertThat(point.path("node").asText()).isEqualTo(guest.path("node").asText());
        assertThat(point.path("cpu").isNumber()).as(point.toString()).isTrue();
        assertThat(point.path("maxmem").asLong()).isEqualTo(guest.path("maxmem").asLong());
        assertThat(point.path("mem").asLong()).isPositive();
        assertThat(point.path("netin").isIntegralNumber()).as(point.toString()).isTrue();
        assertThat(point.path("uptime").asLong()).isPositive();
        assertThat(Instant.parse(point.path("at").asText())).isAfter(Instant.now().minusSeconds(120));
    }

    @Test
    @Order(3)
    void aStepAveragesTheSamplesOfEachBucket() throws SQLException {
        String vm = guest.path("id").asText();
        String vmid = guest.path("vmid").asText();
        // two known samples in one 10-minute bucket of a past hour: averages and maxima are checkable
        insertSample(vmid, "2026-01-01T10:01:00Z", 0.2, 1000, 50);
        insertSample(vmid, "2026-01-01T10:05:00Z", 0.4, 3000, 70);
        insertSample(vmid, "2026-01-01T10:25:00Z", 0.9, 5000, 90);

        JsonNode series = admin.get("/vms/" + vm + "/metrics?since=2026-01-01T10:00:00Z&until=2026-01-01T11:00:00Z"
                + "&step=600").json();

        assertThat(series.path("step").asInt()).isEqualTo(600);
        assertThat(series.path("total").asInt()).as(series.toString()).isEqualTo(2);
        JsonNode first = series.path("points").get(0);
        assertThat(first.path("at").asText()).isEqualTo("2026-01-01T10:00:00Z");
        assertThat(first.path("samples").asInt()).isEqualTo(2);
        assertThat(first.path("cpu").asDouble()).isCloseTo(0.3, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(first.path("mem").asLong()).isEqualTo(2000);
        assertThat(first.path("netin").asLong()).as("a counter: the largest value").isEqualTo(70);
        assertThat(series.path("points").get(1).path("at").asText()).isEqualTo("2026-01-01T10:20:00Z");
        JsonNode raw = admin.get("/vms/" + vm + "/metrics?since=2026-01-01T10:00:00Z&until=2026-01-01T11:00:00Z").json();
        assertThat(raw.path("total").asInt()).isEqualTo(3);
    }

    @Test
    @Order(4)
    void badInputIsNamedAndAnUnknownVmIsNotFound() {
        String path = "/vms/" + guest.path("id").asText() + "/metrics";
        assertBad(path + "?since=yesterday", "since");
        assertBad(path + "?until=2026-13-01T00:00:00Z", "until");
        assertBad(path + "?since=2026-01-02T00:00:00Z&until=2026-01-01T00:00:00Z", "since");
        assertBad(path + "?step=0", "step");
        assertBad(path + "?step=abc", "step");
        assertBad(path + "?since=2026-01-01T00:00:00Z&until=2026-01-08T00:00:00Z&step=60", "step");
        assertBad("/vms/not-a-uuid/metrics", "id");
        Api.Reply unknown = admin.get("/vms/" + UUID.randomUUID() + "/metrics");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("code").asText()).isEqualTo("NOT_FOUND");
    }

    @Test
    @Order(5)
    void viewersReadTheHistoryButOnlyAdminsRunTheTask() {
        String viewer = admin.post("/tokens", "{\"name\":\"metrics-viewer\",\"role\":\"viewer\"}").json().path("token").asText();
        Api asViewer = new Api(stack.apiUrl(), viewer);
        assertThat(asViewer.get("/vms/" + guest.path("id").asText() + "/metrics").status()).isEqualTo(200);
        assertThat(asViewer.post("/maintenance/tasks/metrics-collection/run", "").status()).isEqualTo(403);
        assertThat(new Api(stack.apiUrl(), null).get("/vms/" + guest.path("id").asText() + "/metrics").status())
                .isEqualTo(401);
    }

    @Test
    @Order(6)
    void theRetentionPruneDeletesSamplesOlderThanSevenDays() throws SQLException {
        long recent = count("select count(*) from vm_metric where at > now() - interval '7 days'");
        long old = count("select count(*) from vm_metric where at < now() - interval '7 days'");
        assertThat(old).as("the samples of step 3").isGreaterThanOrEqualTo(3);

        String id = admin.post("/maintenance/prune", "").json().path("id").asText();
        JsonNode prune = Await.until("prune run " + id + " to end", Duration.ofSeconds(60),
                () -> admin.get("/maintenance/prune-runs/" + id).json(), r -> !"running".equals(r.path("status").asText()));

        assertThat(prune.path("status").asText()).as(prune.toString()).isEqualTo("succeeded");
        assertThat(prune.path("removed").path("vm_metric").asLong()).as(prune.toString()).isEqualTo(old);
        assertThat(count("select count(*) from vm_metric where at < now() - interval '7 days'")).isZero();
        assertThat(count("select count(*) from vm_metric where at > now() - interval '7 days'")).isEqualTo(recent);
    }

    private static void assertBad(String path, String field) {
        Api.Reply r = admin.get(path);
        assertThat(r.status()).as(path + " " + r.body()).isEqualTo(400);
        assertThat(r.json().path("code").asText()).isEqualTo("VALIDATION_FAILED");
        assertThat(r.json().path("message").asText()).as(path).startsWith(field + ": ");
    }

    private static void insertSample(String vmid, String at, double cpu, long mem, long netin) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("insert into vm_metric (agent_id, "
                + "vmid, at, node, status, cpu, maxcpu, mem, maxmem, netin) values (?::uuid, ?, ?::timestamptz, 'pve1', "
                + "'running', ?, 2, ?, 4096, ?)")) {
            ps.setString(1, stack.agentId());
            ps.setInt(2, Integer.parseInt(vmid));
            ps.setString(3, at);
            ps.setDouble(4, cpu);
            ps.setLong(5, mem);
            ps.setLong(6, netin);
            ps.executeUpdate();
        }
    }

    private static long count(String sql, Object... params) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(stack.jdbcUrl(), stack.dbUser(), stack.dbPassword());
    }
}
