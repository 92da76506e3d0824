package io.corral.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.corral.launcher.Stack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Secrets in commands (file contents, command output, configuration values): a viewer sees the
 * marker in their place wherever a command is shown; an operator sees them on the command's own
 * view, and that view is audited.
 */
@ExtendWith(SharedStack.class)
@Order(8)
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class CommandSecretsIT {
    private static final String MARKER = "«redacted»";
    private static final String WRITTEN = "password=hunter2";
    private static final String READ = "db_pass=swordfish";
    private static Stack stack;
    private static Api admin;
    private static Api viewer;
    private static Api operator;
    private static String operatorName;
    private static String viewerName;
    private static String written;
    private static String read;
    private static String agentName;

    @BeforeAll
    static void prepare() {
        stack = SharedStack.get();
        admin = new Api(stack.apiUrl(), stack.apiToken());
        viewerName = "secrets-viewer-" + UUID.randomUUID().toString().substring(0, 8);
        viewer = new Api(stack.apiUrl(), token("viewer", viewerName));
        operatorName = "secrets-operator-" + UUID.randomUUID().toString().substring(0, 8);
        operator = new Api(stack.apiUrl(), token("operator", operatorName));
        EmulatedAgent agent = EmulatedAgent.register(stack, admin, false);
        agentName = agent.name;
        Api.Reply hb = agent.api.post("/agent/heartbeat", "{\"version\":\"emulated\",\"capabilities\":"
                + "[\"ssh.read-config\",\"ssh.write-config\"],\"startedAt\":\"2026-01-01T00:00:00Z\",\"inFlight\":[]}");
        assertThat(hb.status()).as(hb.body()).isEqualTo(200);
        written = enqueue(agent, "ssh.write-config", "{\"target\":\"web-1\",\"path\":\"/etc/app.conf\",\"content\":\""
                + WRITTEN + "\"}");
        read = enqueue(agent, "ssh.read-config", "{\"target\":\"web-1\",\"path\":\"/etc/app.conf\"}");
        assertThat(agent.next(0, 2)).hasSize(2);
        assertThat(agent.start(read).status()).isEqualTo(200);
        assertThat(agent.succeed(read, "{\"path\":\"/etc/app.conf\",\"content\":\"" + READ
                + "\",\"sha256\":\"00\",\"size\":17}").status()).isEqualTo(200);
    }

    private static String token(String role, String name) {
        Api.Reply r = admin.post("/tokens", "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}");
        assertThat(r.status()).as(r.body()).isIn(200, 201);
        return r.json().path("token").asText();
    }

    private static String enqueue(EmulatedAgent agent, String type, String payload) {
        Api.Reply r = admin.post("/commands", "{\"agent\":\"" + agent.id + "\",\"type\":\"" + type + "\",\"payload\":"
                + payload + "}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.body()).as("the answer to an enqueue shows no secret either").doesNotContain(WRITTEN);
        return r.json().path("id").asText();
    }

    @Test
    void aViewerSeesTheMarkerInPlaceOfEachSecret() {
        JsonNode w = viewer.get("/commands/" + written).json();
        assertThat(w.path("payload").path("content").asText()).isEqualTo(MARKER);
        assertThat(w.path("payload").path("path").asText()).as("the rest stays").isEqualTo("/etc/app.conf");
        JsonNode r = viewer.get("/commands/" + read).json();
        assertThat(r.path("status").asText()).isEqualTo("succeeded");
        assertThat(r.path("result").path("content").asText()).isEqualTo(MARKER);
        assertThat(r.path("result").path("size").asInt()).isEqualTo(17);

        // Waiting for the end answers from another path: still hidden.
        Api.Reply waited = viewer.get("/commands/" + written + "?wait=1");
        assertThat(waited.status()).isEqualTo(200);
        assertThat(waited.body()).doesNotContain(WRITTEN).contains(MARKER);
        String list = viewer.get("/commands?agent=" + agentName).body();
        assertThat(list).contains(written).contains(read).doesNotContain(WRITTEN).doesNotContain(READ);
        assertThat(viewer.get("/commands/" + read + "/events").body()).doesNotContain(READ);
        assertThat(audits(viewerName, read)).as("nothing was shown, nothing audited").isZero();
    }

    @Test
    void listsHideSecretsFromOperatorsToo() {
        String list = operator.get("/commands?agent=" + agentName).body();
        assertThat(list).contains(written).doesNotContain(WRITTEN).doesNotContain(READ);
    }

    @Test
    void anOperatorSeesTheSecretsOfOneCommandAndTheViewIsAuditedOncePerWindow() throws Exception {
        long before = audits(operatorName, read);
        JsonNode r = operator.get("/commands/" + read).json();
        assertThat(r.path("result").path("content").asText()).isEqualTo(READ);
        assertThat(operator.get("/commands/" + read).json().path("result").path("content").asText()).isEqualTo(READ);
        assertThat(audits(operatorName, read) - before).as("one audit row for repeated views").isEqualTo(1);
        assertThat(admin.get("/commands/" + written).json().path("payload").path("content").asText()).isEqualTo(WRITTEN);
    }

    @Test
    void aViewerSeesTheMarkerOnTheCommandsPage() throws Exception {
        try (Browser b = Browser.open(stack).signInAs("viewer")) {
            b.go("command.xhtml?id=" + read);
            b.waitText(By.id("command-state"), "succeeded", Duration.ofSeconds(30));
            String result = b.driver().findElement(By.id("command-result")).getAttribute("textContent");
            assertThat(result).contains(MARKER).doesNotContain(READ).contains("/etc/app.conf");
            b.go("commands.xhtml");
            assertThat(b.driver().getPageSource()).doesNotContain(READ).doesNotContain(WRITTEN);
        }
    }

    /**
     * Retention: a command that finished longer ago than the secrets retention keeps its row with
     * the marker in place of each secret; one not finished keeps its secrets.
     */
    @Test
    @org.junit.jupiter.api.Order(Integer.MAX_VALUE)
    void retentionReplacesTheSecretsOfOldFinishedCommandsAndKeepsTheRows() throws Exception {
        sql("update command set finished_at = now() - interval '8 days' where id = ?::uuid", read);
        Api.Reply started = admin.post("/maintenance/prune", "");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String runId = started.json().path("id").asText();
        JsonNode run = Await.until("prune run " + runId + " to end", Duration.ofSeconds(60),
                () -> admin.get("/maintenance/prune-runs/" + runId).json(),
                r -> !"running".equals(r.path("status").asText()));
        assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("succeeded");
        assertThat(run.path("secretsCleared").asLong()).as("the run counts what it cleared: " + run).isPositive();

        JsonNode old = admin.get("/commands/" + read).json();
        assertThat(old.path("status").asText()).as("the row stays").isEqualTo("succeeded");
        assertThat(old.path("result").path("content").asText()).as("cleared for good").isEqualTo(MARKER);
        assertThat(old.path("result").path("size").asInt()).isEqualTo(17);
        assertThat(old.path("payload").path("path").asText()).isEqualTo("/etc/app.conf");
        assertThat(admin.get("/commands/" + written).json().path("payload").path("content").asText())
                .as("not finished: kept").isEqualTo(WRITTEN);
    }

    private static void sql(String statement, String id) {
        try (Connection db = DriverManager.getConnection(stack.jdbcUrl(), stack.dbUser(), stack.dbPassword());
             PreparedStatement q = db.prepareStatement(statement)) {
            q.setString(1, id);
            assertThat(q.executeUpdate()).isEqualTo(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Audit rows of {@code actor} viewing the secrets of {@code commandId}. */
    private static long audits(String actor, String commandId) {
        try (Connection db = DriverManager.getConnection(stack.jdbcUrl(), stack.dbUser(), stack.dbPassword());
             PreparedStatement q = db.prepareStatement("select count(*) from audit_event where actor like ? and "
                     + "action = 'command.secrets.view' and target_id = ?")) {
            q.setString(1, "%" + actor + "%");
            q.setString(2, commandId);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
