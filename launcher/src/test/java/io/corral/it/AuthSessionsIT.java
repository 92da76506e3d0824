package io.corral.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.corral.launcher.Stack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seed 002's flow through the real stack and the simulator, driven as the in-VM helper would drive it:
 * start → VM cloned and started → ready → authenticating → credentials stored → completed, VM still
 * running; the token rules of the helper endpoints; the hourly cleanup's timeout (a session aged by
 * data); cancel; bad input. The providers are SharedStack's: github and gitlab, template 9000 on pve1.
 */
@ExtendWith(SharedStack.class)
@Order(8)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuthSessionsIT {
    /** Every secret this test stores carries this marker, so one search finds any leak. */
    private static final String MARKER = "auth-it-secret-" + UUID.randomUUID();
    private static final Duration VM_TIMEOUT = Duration.ofSeconds(120);
    private static Stack stack;
    private static Api admin;
    private static Api operator;
    private static Api viewer;
    private static JsonNode completed;
    private static String completedToken;
    private static JsonNode other;
    private static String otherToken;

    @BeforeAll
    static void connect() {
        stack = SharedStack.get();
        String base = stack.controlPlaneUrl() + "/api";
        admin = new Api(base, stack.apiToken());
        operator = new Api(base, token("operator"));
        viewer = new Api(base, token("viewer"));
    }

    @Test
    @Order(1)
    void theWholeFlowCompletesAndKeepsTheVmRunning() throws Exception {
        Api.Reply started = operator.post("/auth/start", "{\"provider\":\"github\",\"options\":{\"note\":\"it\"}}");
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        completedToken = started.json().path("helperToken").asText();
        assertThat(completedToken).startsWith("cas_").hasSizeGreaterThan(40);
        JsonNode s = started.json().path("session");
        String id = s.path("id").asText();
        assertThat(started.raw().headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l)
                .endsWith("/api/auth/sessions/" + id));
        assertThat(s.path("state").asText()).isEqualTo("vm_creating");
        assertThat(s.path("timestamps").has("started")).isTrue();
        assertThat(s.path("vm").path("node").asText()).isEqualTo("pve1");
        assertThat(s.path("vm").path("templateVmid").asInt()).isEqualTo(9000);
        assertThat(s.path("desktop").path("consoleUrl").asText()).isEqualTo("/console/session.xhtml?id=" + id);
        assertThat(s.path("options").path("note").asText()).isEqualTo("it");
        assertThat(started.body()).doesNotContain("tokenHash");

        // A second session, for the cross-token and wrong-state checks.
        Api.Reply second = operator.post("/auth/start", "{\"provider\":\"gitlab\"}");
        assertThat(second.status()).as(second.body()).isEqualTo(201);
        otherToken = second.json().path("helperToken").asText();
        other = second.json().path("session");

        JsonNode created = awaitState(id, "vm_created");
        assertThat(created.path("reason").asText()).contains("cloned and started");
        String vmId = Await.until("session VM in the inventory", Duration.ofSeconds(30),
                () -> viewer.get("/auth/sessions/" + id).json().path("vm").path("vmId").asText(""),
                v -> !v.isEmpty());
        JsonNode vm = admin.get("/v1/vms/" + vmId).json();
        assertThat(vm.path("name").asText()).isEqualTo(created.path("vm").path("name").asText());
        assertThat(vm.path("vmid").asInt()).isEqualTo(created.path("vm").path("vmid").asInt());

        // authenticating is not accepted before ready
        assertError(helper(completedToken).post("/auth/sessions/" + id + "/authenticating", ""), 409, "INVALID_STATE");
        Api.Reply ready = helper(completedToken).post("/auth/sessions/" + id + "/ready", "");
        assertThat(ready.status()).as(ready.body()).isEqualTo(200);
        assertThat(ready.json().path("state").asText()).isEqualTo("ready");
        assertThat(helper(completedToken).post("/auth/sessions/" + id + "/ready", "").json().path("state").asText())
                .isEqualTo("ready");
        Api.Reply authenticating = helper(completedToken).post("/auth/sessions/" + id + "/authenticating", "");
        assertThat(authenticating.status()).as(authenticating.body()).isEqualTo(200);
        assertThat(authenticating.json().path("state").asText()).isEqualTo("authenticating");

        long credentialsBefore = count("select count(*) from credential");
        // Refused: no token, an API token, another session's token, the wrong provider.
        assertError(new Api(stack.controlPlaneUrl() + "/api", null).post("/auth/credentials/store", body(id, "github")),
                401, "UNAUTHORIZED");
        assertError(admin.post("/auth/credentials/store", body(id, "github")), 401, "UNAUTHORIZED");
        assertError(helper(otherToken).post("/auth/credentials/store", body(id, "github")), 403, "FORBIDDEN");
        assertError(helper(otherToken).post("/auth/sessions/" + id + "/ready", ""), 403, "FORBIDDEN");
        assertFieldError(helper(completedToken).post("/auth/credentials/store", body(id, "gitlab")),
                "VALIDATION_FAILED", "provider");
        assertThat(count("select count(*) from credential")).isEqualTo(credentialsBefore);

        Api.Reply stored = helper(completedToken).post("/auth/credentials/store", body(id, "github"));
        assertThat(stored.status()).as(stored.body()).isEqualTo(200);
        completed = stored.json();
        assertThat(completed.path("state").asText()).isEqualTo("completed");
        assertThat(completed.path("timestamps").fieldNames()).toIterable().containsExactly("started", "vm_creating",
                "vm_created", "ready", "authenticating", "completed");
        String credentialId = completed.path("credentialId").asText();
        assertThat(stored.body()).doesNotContain(MARKER);

        // Once only: the same token again is refused, and nothing more is stored.
        assertError(helper(completedToken).post("/auth/credentials/store", body(id, "github")), 409, "INVALID_STATE");
        assertThat(count("select count(*) from credential")).isEqualTo(credentialsBefore + 1);

        // The VM stays running for CLI use (the inventory shows it from the agent's next heartbeat on).
        Await.until("completed session's VM running in the inventory", Duration.ofSeconds(30),
                () -> admin.get("/v1/vms/" + vmId).json().path("status").asText(), "running"::equals);

        // The secret: ciphertext in PostgreSQL, in no list and no log; an admin's reveal reads it back.
        try (Connection db = db(); PreparedStatement ps = db.prepareStatement(
                "select ciphertext, provider, session_id::text from credential where id = ?::uuid")) {
            ps.setString(1, credentialId);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(new String(rs.getBytes(1), StandardCharsets.ISO_8859_1)).doesNotContain(MARKER);
                assertThat(rs.getString(2)).isEqualTo("github");
                assertThat(rs.getString(3)).isEqualTo(id);
            }
        }
        assertThat(count("select count(*) from auth_session where options::text like '%" + MARKER + "%' "
                + "or reason like '%" + MARKER + "%'")).isZero();
        for (String path : List.of("/auth/sessions", "/auth/sessions/" + id, "/v1/credentials",
                "/v1/credentials/" + credentialId)) {
            Api.Reply r = admin.get(path);
            assertThat(r.status()).as(path + " " + r.body()).isEqualTo(200);
            assertThat(r.body()).doesNotContain(MARKER).doesNotContain(completedToken);
        }
        Api.Reply revealed = admin.post("/v1/credentials/" + credentialId + "/reveal", "");
        assertThat(revealed.status()).as(revealed.body()).isEqualTo(200);
        assertThat(revealed.json().path("credentials").path("oauth").path("accessToken").asText()).isEqualTo(MARKER);
        JsonNode trail = admin.get("/v1/credentials/" + credentialId + "/audit").json().path("items");
        assertThat(trail.findValuesAsText("action")).contains("store", "reveal");
        assertThat(trail.findValuesAsText("actor")).contains("auth-session " + id);
        assertThat(trail.toString()).doesNotContain(MARKER);
        String log = Files.readString(stack.controlPlaneLog());
        assertThat(log).doesNotContain(MARKER).doesNotContain(completedToken).doesNotContain(otherToken)
                .contains("Auth session completed: id=" + id);
    }

    @Test
    @Order(2)
    void theSessionPageShowsTheSessionAndOpensARelayToItsVm() throws Exception {
        org.openqa.selenium.WebDriver browser = DesktopRelayIT.Browsers.chromium();
        try {
            DesktopRelayIT.Browsers.signIn(browser, stack);
            browser.get(stack.controlPlaneUrl() + completed.path("desktop").path("consoleUrl").asText());
            new org.openqa.selenium.support.ui.WebDriverWait(browser, Duration.ofSeconds(30))
                    .until(org.openqa.selenium.support.ui.ExpectedConditions.textToBe(
                            org.openqa.selenium.By.id("session-state"), "completed"));
            // The page's desktop is the same relay and script as console/desktop.xhtml (DesktopRelayIT); the page
            // opens it by a POST once loaded (a GET opens nothing), so its id arrives a moment later.
            String relay = new org.openqa.selenium.support.ui.WebDriverWait(browser, Duration.ofSeconds(30))
                    .until(d -> {
                        String r = d.findElement(org.openqa.selenium.By.id("screen")).getAttribute("data-relay");
                        return r == null || r.isEmpty() ? null : r;
                    });
            JsonNode issued = admin.get("/v1/relays/" + relay).json();
            assertThat(issued.path("vmId").asText()).isEqualTo(completed.path("vm").path("vmId").asText());
        } finally {
            browser.quit();
        }
    }

    @Test
    @Order(3)
    void aStoreOutsideReadyOrAuthenticatingIsRefused() throws Exception {
        String id = other.path("id").asText();
        awaitState(id, "vm_created");
        long before = count("select count(*) from credential");
        assertError(helper(otherToken).post("/auth/credentials/store", body(id, "gitlab")), 409, "INVALID_STATE");
        assertThat(count("select count(*) from credential")).isEqualTo(before);
        assertThat(viewer.get("/auth/sessions/" + id).json().path("state").asText()).isEqualTo("vm_created");
    }

    @Test
    @Order(4)
    void cancelEndsTheSessionAndDestroysItsVm() {
        String id = other.path("id").asText();
        String vmId = Await.until("session VM in the inventory", Duration.ofSeconds(30),
                () -> viewer.get("/auth/sessions/" + id).json().path("vm").path("vmId").asText(""), v -> !v.isEmpty());
        assertError(viewer.post("/auth/sessions/" + id + "/cancel", ""), 403, "FORBIDDEN");
        Api.Reply cancelled = operator.post("/auth/sessions/" + id + "/cancel", "");
        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        assertThat(cancelled.json().path("state").asText()).isEqualTo("failed");
        assertThat(cancelled.json().path("reason").asText()).startsWith("cancelled by ");
        assertThat(cancelled.json().path("vm").path("note").asText()).startsWith("VM destroy queued");
        Await.until("cancelled session's VM destroyed", VM_TIMEOUT, () -> admin.get("/v1/vms/" + vmId).status(),
                status -> status == 404);
        assertError(operator.post("/auth/sessions/" + id + "/cancel", ""), 409, "INVALID_STATE");
        // Its token is dead with it.
        assertError(helper(otherToken).post("/auth/sessions/" + id + "/ready", ""), 409, "INVALID_STATE");
    }

    @Test
    @Order(5)
    void aSessionLeftTooLongTimesOutAndItsVmIsDestroyed() throws Exception {
        Api.Reply started = operator.post("/auth/start", "{\"provider\":\"github\"}");
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        String id = started.json().path("session").path("id").asText();
        String token = started.json().path("helperToken").asText();
        awaitState(id, "vm_created");
        assertThat(helper(token).post("/auth/sessions/" + id + "/ready", "").status()).isEqualTo(200);
        String vmId = Await.until("session VM in the inventory", Duration.ofSeconds(30),
                () -> viewer.get("/auth/sessions/" + id).json().path("vm").path("vmId").asText(""), v -> !v.isEmpty());

        // Seed 002: ready sessions count too. Aged by data: started 3 h ago (the limit is 120 min).
        update("update auth_session set created_at = created_at - interval '3 hours' where id = ?::uuid", id);
        JsonNode preview = admin.get("/v1/maintenance/tasks/auth-session-cleanup/preview").json();
        assertThat(preview.path("actions").findValuesAsText("subjectId")).contains(id)
                .doesNotContain(completed.path("id").asText());

        JsonNode run = runTask("auth-session-cleanup");
        assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("succeeded");
        assertThat(run.path("itemsActed").asInt()).isGreaterThanOrEqualTo(1);
        JsonNode s = viewer.get("/auth/sessions/" + id).json();
        assertThat(s.path("state").asText()).isEqualTo("timeout");
        assertThat(s.path("reason").asText()).contains("not completed within 120 min").contains("was ready");
        assertThat(s.path("timestamps").has("timeout")).isTrue();
        assertThat(s.path("vm").path("note").asText()).startsWith("VM destroy queued");
        Await.until("timed-out session's VM destroyed", VM_TIMEOUT, () -> admin.get("/v1/vms/" + vmId).status(),
                status -> status == 404);

        // The completed session is left alone, its VM too; the dead token stores nothing.
        JsonNode done = viewer.get("/auth/sessions/" + completed.path("id").asText()).json();
        assertThat(done.path("state").asText()).isEqualTo("completed");
        assertThat(admin.get("/v1/vms/" + done.path("vm").path("vmId").asText()).json().path("status").asText())
                .isEqualTo("running");
        assertError(helper(token).post("/auth/credentials/store", body(id, "github")), 409, "INVALID_STATE");
    }

    @Test
    @Order(6)
    void withPreserveVmsTheTimedOutSessionKeepsItsVmAndSaysWhy() throws Exception {
        Api.Reply started = operator.post("/auth/start", "{\"provider\":\"gitlab\"}");
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        String id = started.json().path("session").path("id").asText();
        awaitState(id, "vm_created");
        String vmId = Await.until("session VM in the inventory", Duration.ofSeconds(30),
                () -> viewer.get("/auth/sessions/" + id).json().path("vm").path("vmId").asText(""), v -> !v.isEmpty());
        update("update auth_session set created_at = created_at - interval '3 hours' where id = ?::uuid", id);

        // The same database, a second instance started with CORRAL_DEBUG_PRESERVE_VMS=true runs the cleanup.
        stack.startSecondControlPlane(java.util.Map.of("CORRAL_DEBUG_PRESERVE_VMS", "true"), true);
        try {
            Api second = new Api(stack.secondControlPlaneUrl() + "/api", stack.apiToken());
            JsonNode preview = second.get("/v1/maintenance/tasks/auth-session-cleanup/preview").json();
            assertThat(preview.path("detail").path("preserveVms").asBoolean()).isTrue();
            assertThat(preview.path("actions").findValuesAsText("action"))
                    .containsOnly("timeout (VM kept: CORRAL_DEBUG_PRESERVE_VMS)");
            Api.Reply run = second.post("/v1/maintenance/tasks/auth-session-cleanup/run", "");
            assertThat(run.status()).as(run.body()).isEqualTo(202);
            String runId = run.json().path("id").asText();
            JsonNode done = Await.until("preserving cleanup run", Duration.ofSeconds(60),
                    () -> second.get("/v1/maintenance/task-runs/" + runId).json(),
                    r -> !r.path("status").asText().equals("running"));
            assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("succeeded");
            assertThat(done.path("detail").path("vmsKept").asInt()).isGreaterThanOrEqualTo(1);
        } finally {
            stack.stopSecondControlPlane();
        }
        JsonNode s = viewer.get("/auth/sessions/" + id).json();
        assertThat(s.path("state").asText()).isEqualTo("timeout");
        assertThat(s.path("reason").asText()).endsWith("; VM kept: CORRAL_DEBUG_PRESERVE_VMS=true");
        assertThat(s.path("vm").path("note").asText()).isEqualTo("VM kept (CORRAL_DEBUG_PRESERVE_VMS=true)");
        assertThat(s.path("vm").path("destroyCommandId").isNull()).isTrue();
        assertThat(admin.get("/v1/vms/" + vmId).json().path("status").asText()).isEqualTo("running");

        // Tidy up as an operator would once done debugging.
        Api v1 = new Api(stack.controlPlaneUrl() + "/api/v1", stack.apiToken());
        assertThat(v1.post("/commands", "{\"agent\":\"" + stack.agentId() + "\",\"type\":\"proxmox.stop\","
                + "\"payload\":{\"node\":\"pve1\",\"vmid\":" + s.path("vm").path("vmid").asInt() + "}}").status())
                .isEqualTo(201);
        Guests.destroy(stack, v1, vmId);
    }

    @Test
    @Order(7)
    void listsFilterAndPage() {
        JsonNode completedOnes = viewer.get("/auth/sessions?state=completed&provider=github").json().path("items");
        assertThat(completedOnes.findValuesAsText("id")).contains(completed.path("id").asText());
        assertThat(completedOnes.findValuesAsText("state")).containsOnly("completed");
        JsonNode page = viewer.get("/auth/sessions?limit=1").json();
        assertThat(page.path("items")).hasSize(1);
        String cursor = page.path("nextCursor").asText();
        JsonNode next = viewer.get("/auth/sessions?limit=1&cursor=" + cursor).json();
        assertThat(next.path("items").get(0).path("id").asText()).isNotEqualTo(page.path("items").get(0).path("id").asText());
    }

    @Test
    @Order(8)
    void badInputIsRefusedNamingTheFieldAndStoresNothing() throws Exception {
        long sessions = count("select count(*) from auth_session");
        long credentials = count("select count(*) from credential");
        assertFieldError(operator.post("/auth/start", "{}"), "VALIDATION_FAILED", "provider");
        assertFieldError(operator.post("/auth/start", "{\"provider\":\"nope\"}"), "VALIDATION_FAILED", "provider");
        assertFieldError(operator.post("/auth/start", "{\"provider\":1}"), "BAD_JSON", "provider");
        assertFieldError(operator.post("/auth/start", "{\"provider\":\"github\",\"agent\":\"nobody\"}"),
                "VALIDATION_FAILED", "agent");
        assertFieldError(operator.post("/auth/start", "{\"provider\":\"github\",\"pool\":\"p\"}"), "BAD_JSON", "pool");
        assertFieldError(operator.post("/auth/start", "{\"provider\":\"github\",\"options\":[1]}"), "BAD_JSON",
                "options");
        assertFieldError(operator.post("/auth/start", "{\"provider\":\"github\",\"options\":{\"x\":\""
                + "y".repeat(5000) + "\"}}"), "VALIDATION_FAILED", "options");
        assertFieldError(operator.post("/auth/start", "{\"provider\":\"github\",\"preserveVm\":\"yes\"}"), "BAD_JSON",
                "preserveVm");
        assertError(viewer.post("/auth/start", "{\"provider\":\"github\"}"), 403, "FORBIDDEN");
        assertFieldError(viewer.get("/auth/sessions?state=done"), "VALIDATION_FAILED", "state");
        assertFieldError(viewer.get("/auth/sessions?provider=A%20B"), "VALIDATION_FAILED", "provider");
        assertFieldError(viewer.get("/auth/sessions?limit=0"), "VALIDATION_FAILED", "limit");
        assertFieldError(viewer.get("/auth/sessions?cursor=x"), "VALIDATION_FAILED", "cursor");
        assertFieldError(viewer.get("/auth/sessions/x"), "VALIDATION_FAILED", "id");
        assertError(viewer.get("/auth/sessions/" + UUID.randomUUID()), 404, "NOT_FOUND");
        assertFieldError(operator.post("/auth/sessions/x/cancel", ""), "VALIDATION_FAILED", "id");
        assertError(operator.post("/auth/sessions/" + UUID.randomUUID() + "/cancel", ""), 404, "NOT_FOUND");
        assertFieldError(helper(completedToken).post("/auth/sessions/x/ready", ""), "VALIDATION_FAILED", "id");
        assertError(helper(completedToken).post("/auth/sessions/" + UUID.randomUUID() + "/ready", ""), 403,
                "FORBIDDEN");
        assertFieldError(helper(completedToken).post("/auth/sessions/x/authenticating", ""), "VALIDATION_FAILED",
                "id");
        String id = completed.path("id").asText();
        assertFieldError(helper(completedToken).post("/auth/credentials/store", "{\"provider\":\"github\","
                + "\"credentials\":{\"a\":1}}"), "VALIDATION_FAILED", "sessionId");
        assertFieldError(helper(completedToken).post("/auth/credentials/store", "{\"sessionId\":\"x\","
                + "\"provider\":\"github\",\"credentials\":{\"a\":1}}"), "BAD_JSON", "sessionId");
        assertFieldError(helper(completedToken).post("/auth/credentials/store", "{\"sessionId\":\"" + id + "\","
                + "\"credentials\":{\"a\":1}}"), "VALIDATION_FAILED", "provider");
        assertFieldError(helper(completedToken).post("/auth/credentials/store", "{\"sessionId\":\"" + id + "\","
                + "\"provider\":\"github\",\"credentials\":{}}"), "VALIDATION_FAILED", "credentials");
        assertFieldError(helper(completedToken).post("/auth/credentials/store", "{\"sessionId\":\"" + id + "\","
                + "\"provider\":\"github\",\"credentials\":\"" + MARKER + "\"}"), "BAD_JSON", "credentials");
        assertFieldError(helper(completedToken).post("/auth/credentials/store", "{\"sessionId\":\"" + id + "\","
                + "\"provider\":\"github\",\"credentials\":{\"a\":1},\"extra\":1}"), "BAD_JSON", "extra");
        assertThat(count("select count(*) from auth_session")).isEqualTo(sessions);
        assertThat(count("select count(*) from credential")).isEqualTo(credentials);
    }

    private static String body(String sessionId, String provider) {
        return "{\"sessionId\":\"" + sessionId + "\",\"provider\":\"" + provider + "\",\"credentials\":{\"oauth\":{"
                + "\"accessToken\":\"" + MARKER + "\",\"expiresAt\":1893456000000}}}";
    }

    private static JsonNode awaitState(String id, String state) {
        JsonNode s = Await.until("session " + id + " " + state, VM_TIMEOUT,
                () -> viewer.get("/auth/sessions/" + id).json(),
                r -> r.path("state").asText().equals(state) || r.path("state").asText().equals("failed"));
        assertThat(s.path("state").asText()).as(s.toString()).isEqualTo(state);
        return s;
    }

    private static JsonNode runTask(String task) {
        Api.Reply started = Await.until("task " + task + " started", Duration.ofSeconds(30),
                () -> admin.post("/v1/maintenance/tasks/" + task + "/run", ""), r -> r.status() != 409);
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String runId = started.json().path("id").asText();
        return Await.until("task run " + runId + " finished", Duration.ofSeconds(120),
                () -> admin.get("/v1/maintenance/task-runs/" + runId).json(),
                r -> !r.path("status").asText().equals("running"));
    }

    private static Api helper(String token) {
        return new Api(stack.controlPlaneUrl() + "/api", token);
    }

    private static String token(String role) {
        Api.Reply r = new Api(stack.controlPlaneUrl() + "/api/v1", stack.apiToken())
                .post("/tokens", "{\"name\":\"auth-it-" + role + "-" + UUID.randomUUID().toString().substring(0, 8)
                        + "\",\"role\":\"" + role + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().path("token").asText();
    }

    private static void assertError(Api.Reply r, int status, String code) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json().path("code").asText()).as(r.body()).isEqualTo(code);
        assertThat(r.body()).doesNotContain(MARKER);
    }

    private static void assertFieldError(Api.Reply r, String code, String field) {
        assertError(r, 400, code);
        assertThat(r.json().path("message").asText()).as(r.body()).contains(field);
    }

    private static Connection db() throws SQLException {
        return DriverManager.getConnection(stack.jdbcUrl(), stack.dbUser(), stack.dbPassword());
    }

    private static long count(String sql) throws SQLException {
        try (Connection db = db(); PreparedStatement ps = db.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).isTrue();
            return rs.getLong(1);
        }
    }

    private static void update(String sql, String param) throws SQLException {
        try (Connection db = db(); PreparedStatement ps = db.prepareStatement(sql)) {
            ps.setString(1, param);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }
}
