package io.corral.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.corral.launcher.Stack;
import org.junit.jupiter.api.AfterAll;
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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retention pruning through the real stack: old final commands and their events go, recent and
 * non-final ones stay, the run records what it removed; the run is a Jakarta Batch job whose
 * repository is the stack's PostgreSQL, so a restarted control plane still knows it.
 *
 * <p>Seeds its rows directly in the database, on an agent of its own that never polls (nothing
 * seeded is ever delivered), and drops that agent at the end. Runs before CommandContractIT.
 */
@ExtendWith(SharedStack.class)
@Order(8)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PruneIT {
    private static final int OLD_FINAL = 40;
    private static final int EVENTS_EACH = 3;
    private static Stack stack;
    private static Api admin;
    private static String agentId;
    private static final List<UUID> oldFinal = new ArrayList<>();
    private static final List<UUID> kept = new ArrayList<>();
    private static String runId;
    private static long jobExecutionId;

    @BeforeAll
    static void seed() throws SQLException {
        stack = SharedStack.get();
        admin = new Api(stack.apiUrl(), stack.apiToken());
        agentId = admin.post("/agents", "{\"name\":\"prune-it-" + UUID.randomUUID().toString().substring(0, 8) + "\"}")
                .json().path("id").asText();
        String[] finals = {"succeeded", "failed", "expired", "cancelled"};
        for (int i = 0; i < OLD_FINAL; i++) {
            oldFinal.add(command(finals[i % 4], "now() - interval '40 days'", "now() + interval '1 day'"));
        }
        // final but recent: 1 day, and 29 days (inside the 30-day retention)
        kept.add(command("succeeded", "now() - interval '1 day'", "now() + interval '1 day'"));
        kept.add(command("failed", "now() - interval '29 days'", "now() + interval '1 day'"));
        // not final, with an old finished_at that only the status rule keeps them from (the sweeper
        // leaves them alone: not expired yet, no stale timeout worth the name, and nobody polls)
        kept.add(command("queued", "now() - interval '40 days'", "now() + interval '1 day'"));
        kept.add(command("running", "now() - interval '40 days'", "now() + interval '1 day'"));
        kept.add(command("leased", "now() - interval '40 days'", "now() + interval '1 day'"));
    }

    @AfterAll
    static void dropTheSeededAgent() throws SQLException {
        if (agentId != null) {
            update("delete from agent where id = ?::uuid", agentId);
        }
    }

    @Test
    @Order(1)
    void aRunDeletesExactlyTheOldFinalCommandsWithTheirEventsAndRecordsTheCounts() throws SQLException {
        long eventsBefore = count("select count(*) from command_event");

        Api.Reply started = admin.post("/maintenance/prune", "");

        assertThat(started.status()).as(started.body()).isEqualTo(202);
        runId = started.json().path("id").asText();
        assertThat(started.json().path("trigger").asText()).isEqualTo("api");
        assertThat(started.raw().headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith(runId));
        JsonNode run = Await.until("prune run " + runId + " to end", Duration.ofSeconds(60),
                () -> admin.get("/maintenance/prune-runs/" + runId).json(),
                r -> !"running".equals(r.path("status").asText()));

        assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("succeeded");
        assertThat(run.path("removed").path("command").asLong()).as(run.toString()).isEqualTo(OLD_FINAL);
        assertThat(run.path("removed").path("command_event").asLong()).as(run.toString())
                .isEqualTo((long) OLD_FINAL * EVENTS_EACH);
        assertThat(run.path("chunks").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(run.path("finishedAt").isNull()).isFalse();
        assertThat(count("select count(*) from command where id = any(?)", (Object) oldFinal.toArray(UUID[]::new))).isZero();
        assertThat(count("select count(*) from command_event where command_id = any(?)", (Object) oldFinal.toArray(UUID[]::new))).isZero();
        assertThat(count("select count(*) from command where id = any(?)", (Object) kept.toArray(UUID[]::new))).isEqualTo(kept.size());
        assertThat(count("select count(*) from command_event where command_id = any(?)", (Object) kept.toArray(UUID[]::new)))
                .isEqualTo((long) kept.size() * EVENTS_EACH);
        assertThat(count("select count(*) from command_event")).isEqualTo(eventsBefore - (long) OLD_FINAL * EVENTS_EACH);
        assertThat(admin.get("/maintenance/prune-runs").json().path("items").toString()).contains(runId);
    }

    @Test
    @Order(2)
    void theRunIsABatchJobInTheApplicationsPostgres() throws SQLException {
        JsonNode run = admin.get("/maintenance/prune-runs/" + runId).json();
        jobExecutionId = run.path("jobExecutionId").asLong();
        assertThat(jobExecutionId).as(run.toString()).isPositive();
        assertThat(run.path("batchStatus").asText()).isEqualTo("COMPLETED");
        assertThat(text("select i.name || ' ' || e.batchstatus from jbatchexecutioninstancedata e "
                + "join jbatchjobinstancedata i on i.jobinstanceid = e.jobinstanceid where e.jobexecid = ?", jobExecutionId))
                .isEqualTo("retention-prune COMPLETED");
        assertThat(count("select count(*) from jbatchstepexecutioninstancedata where jobexecid = ? and stepname = 'prune' "
                + "and batchstatus = 'COMPLETED'", jobExecutionId)).isEqualTo(1);
    }

    @Test
    @Order(3)
    void aSecondRunWhileOneIsRunningIsAConflict() throws SQLException {
        UUID fake = UUID.randomUUID();
        update("insert into prune_run (id, status, trigger, requested_by, started_at, updated_at) "
                + "values (?, 'running', 'api', 'prune-it', now(), now())", fake);
        try {
            Api.Reply second = admin.post("/maintenance/prune", "");
            assertThat(second.status()).as(second.body()).isEqualTo(409);
            assertThat(second.json().path("code").asText()).isEqualTo("PRUNE_RUNNING");
            assertThat(second.json().path("message").asText()).contains(fake.toString());
        } finally {
            update("delete from prune_run where id = ?", fake);
        }
    }

    @Test
    @Order(4)
    void onlyAdminsStartRunsAndBadInputIsNamed() {
        String viewer = admin.post("/tokens", "{\"name\":\"prune-viewer\",\"role\":\"viewer\"}").json().path("token").asText();
        Api asViewer = new Api(stack.apiUrl(), viewer);
        Api.Reply refused = asViewer.post("/maintenance/prune", "");
        assertThat(refused.status()).as(refused.body()).isEqualTo(403);
        assertThat(asViewer.get("/maintenance/prune-runs?limit=5").status()).isEqualTo(200);
        Api.Reply badLimit = admin.get("/maintenance/prune-runs?limit=0");
        assertThat(badLimit.status()).isEqualTo(400);
        assertThat(badLimit.json().path("message").asText()).contains("limit");
        assertThat(admin.get("/maintenance/prune-runs/" + UUID.randomUUID()).status()).isEqualTo(404);
    }

    @Test
    @Order(5)
    void aRestartedControlPlaneStillKnowsTheJob() throws Exception {
        stack.stopControlPlane();
        stack.startControlPlane();
        assertThat(stack.awaitAgentOnline(Duration.ofSeconds(60))).as("agent back online").isTrue();

        JsonNode run = admin.get("/maintenance/prune-runs/" + runId).json();
        assertThat(run.path("jobExecutionId").asLong()).isEqualTo(jobExecutionId);
        assertThat(run.path("batchStatus").asText()).as("what the batch runtime reads from its repository after the restart")
                .isEqualTo("COMPLETED");
        assertThat(run.path("status").asText()).isEqualTo("succeeded");
    }

    /** One command on the test's agent with {@value EVENTS_EACH} events, finished (or not) at {@code finishedAt}. */
    private static UUID command(String status, String finishedAt, String expiresAt) throws SQLException {
        UUID id = UUID.randomUUID();
        update("insert into command (id, agent_id, type, payload, status, expires_at, stale_after_s, created_by, "
                + "created_at, finished_at) values (?, ?::uuid, 'proxmox.status', '{}'::jsonb, ?, " + expiresAt
                + ", 100000000, 'prune-it', " + finishedAt + " - interval '1 hour', " + finishedAt + ")", id, agentId, status);
        update("insert into command_event (command_id, at, from_status, to_status, actor) "
                + "select ?, " + finishedAt + ", null, ?, 'prune-it' from generate_series(1, " + EVENTS_EACH + ")", id, status);
        return id;
    }

    private static void update(String sql, Object... params) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = bind(c, sql, params)) {
            ps.executeUpdate();
        }
    }

    private static long count(String sql, Object... params) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = bind(c, sql, params); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String text(String sql, Object... params) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = bind(c, sql, params); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static PreparedStatement bind(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            ps.setObject(i + 1, params[i] instanceof UUID[] ids ? c.createArrayOf("uuid", ids) : params[i]);
        }
        return ps;
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(stack.jdbcUrl(), stack.dbUser(), stack.dbPassword());
    }
}
