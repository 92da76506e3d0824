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
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin console pages in a real browser: agents (register, token once, delete), background tasks (preview,
 * run now, live run list), the audit log, users and API tokens (a viewer is refused the admin pages), and the
 * sign-in hardening (failed-login back-off, new session id on sign-in).
 */
@ExtendWith(SharedStack.class)
@Order(10)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminPagesIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final By PASSWORD = By.cssSelector("input[id='create-form:new-password'], "
            + "[id='create-form:new-password'] input, input[id='create-form:new-password_input']");
    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    private static Stack stack;
    private static Api api;
    private static Browser admin;

    @BeforeAll
    static void open() throws Exception {
        stack = SharedStack.get();
        api = new Api(stack.apiUrl(), stack.apiToken());
        admin = Browser.open(stack).signInAsAdmin();
    }

    @AfterAll
    static void close() {
        if (admin != null) {
            admin.close();
        }
    }

    @Test
    @Order(1)
    void anAgentRegisteredInTheConsoleShowsItsTokenOnceAndIsDeleted() throws Exception {
        String name = "it-console-agent-" + SUFFIX;
        admin.go("agents.xhtml");
        try {
            admin.waitVisible(By.cssSelector("#agents-form\\:agents"));
        } catch (RuntimeException e) {
            admin.screenshot("admin-agents-failure");
            java.nio.file.Files.writeString(Browser.SCREENSHOTS.resolve("admin-agents-failure.html"),
                    admin.driver().getPageSource());
            throw e;
        }
        admin.waitText(By.id("agents-form:agents"), stack.agentName(), WAIT);
        admin.screenshot("admin-agents");
        WebElement local = admin.driver().findElement(By.xpath(
                "//tr[.//strong[@class='agent-name' and text()='" + stack.agentName() + "']]"));
        jsClick(local.findElement(By.xpath(".//button[.//span[text()='SSH targets']]")));
        admin.waitVisible(By.id("targets-form:targets"));
        assertThat(admin.driver().findElement(By.id("targets-form")).getText()).contains(stack.agentName())
                .contains("Add a target");
        admin.screenshot("admin-agents-targets");
        click(admin, By.cssSelector("#targets-dialog .ui-dialog-titlebar-close"));
        admin.waitUntil(ExpectedConditions.invisibilityOfElementLocated(By.id("targets-dialog")), WAIT);

        admin.driver().findElement(By.id("agents-toolbar:register")).click();
        admin.waitVisible(By.id("register-form:agent-name")).sendKeys(name);
        admin.driver().findElement(By.id("register-form:register-submit")).click();
        WebElement token = admin.waitVisible(By.id("token-value"));
        String secret = token.getAttribute("value");
        assertThat(secret).startsWith("cag_");
        assertThat(admin.driver().findElement(By.id("token-dialog")).getText())
                .contains("Store it now: it cannot be shown again").contains(name);
        admin.waitText(By.id("agents-form:agents"), name, WAIT);
        admin.screenshot("admin-agents-token");
        JsonNode registered = agentNamed(name);
        assertThat(registered).as("registered through the console").isNotNull();

        click(admin, By.id("token-form:token-done"));
        admin.waitUntil(ExpectedConditions.invisibilityOfElementLocated(By.id("token-dialog")), WAIT);
        admin.waitUntil(d -> d.findElements(By.id("token-value")).isEmpty(), WAIT);
        assertThat(admin.driver().getPageSource()).as("the token left the page").doesNotContain(secret);

        WebElement row = admin.driver().findElement(By.xpath(
                "//tr[.//strong[@class='agent-name' and text()='" + name + "']]"));
        jsClick(row.findElement(By.cssSelector(".delete-button")));
        admin.waitVisible(By.cssSelector(".ui-confirm-dialog"));
        assertThat(admin.driver().findElement(By.cssSelector(".ui-confirm-dialog")).getText())
                .contains("commands").contains("cannot be undone");
        admin.waitVisible(By.id("agents-form:confirm-yes")).click();
        admin.waitUntil(d -> !d.findElement(By.id("agents-form:agents-panel")).getText().contains(name), WAIT);
        assertThat(agentNamed(name)).as("deleted").isNull();
    }

    @Test
    @Order(2)
    void aTaskRunNowAppearsWithoutReloadAndItsPreviewShows() {
        admin.go("tasks.xhtml");
        admin.waitVisible(By.id("tasks-form:tasks"));
        admin.script("window.corralNoReload = true;");
        admin.driver().findElement(By.cssSelector("tr.task-health-check .preview-button")).click();
        admin.waitVisible(By.id("preview-count"));
        assertThat(admin.driver().findElement(By.id("preview-form")).getText()).contains("health-check")
                .contains("Nothing has been changed");
        admin.screenshot("admin-tasks-preview");
        admin.driver().findElement(By.cssSelector("#preview-dialog .ui-dialog-titlebar-close")).click();
        admin.waitUntil(ExpectedConditions.invisibilityOfElementLocated(By.id("preview-dialog")), WAIT);

        String before = api.get("/maintenance/task-runs?task=credential-validation").body();
        jsClick(admin.driver().findElement(By.cssSelector("tr.task-credential-validation .run-button")));
        // Any row, not the first: this stack schedules credential-validation every 2 s, so a scheduled run
        // can start right after this one and take the top of the list.
        admin.waitUntil(d -> {
            try {
                return d.findElements(By.cssSelector("#tasks-form\\:runs tr.run-row")).stream()
                        .map(WebElement::getText).anyMatch(row -> row.contains("credential-validation")
                                && row.contains("by " + stack.adminUser()) && row.contains("succeeded"));
            } catch (org.openqa.selenium.StaleElementReferenceException replacedByTheLiveUpdate) {
                return false;
            }
        }, WAIT);
        assertThat(admin.script("return window.corralNoReload === true")).as("no reload").isEqualTo(true);
        assertThat(api.get("/maintenance/task-runs?task=credential-validation").body()).isNotEqualTo(before);
        admin.screenshot("admin-tasks");
    }

    @Test
    @Order(3)
    void theAuditPageListsTheActions() {
        admin.go("audit.xhtml");
        admin.waitVisible(By.id("audit-form:audit"));
        admin.waitText(By.id("audit-form:audit"), "task.run", WAIT);
        String table = admin.driver().findElement(By.id("audit-form:audit")).getText();
        assertThat(table).contains("agent.register").contains("agent.delete").contains("it-console-agent-" + SUFFIX);
        admin.driver().findElement(By.id("audit-form:audit-text")).sendKeys("it-console-agent-" + SUFFIX);
        admin.waitUntil(d -> !d.findElement(By.id("audit-form:audit")).getText().contains("task.run"), WAIT);
        assertThat(admin.driver().findElement(By.id("audit-form:audit")).getText()).contains("agent.register");
        admin.screenshot("admin-audit");
    }

    @Test
    @Order(4)
    void aViewerCreatedOnTheUsersPageIsRefusedTheAdminPages() throws Exception {
        String name = "it-v-" + SUFFIX;
        String password = "pw-" + UUID.randomUUID();
        admin.go("users.xhtml");
        admin.waitVisible(By.id("users-form:users"));
        admin.driver().findElement(By.id("users-form:user-new")).click();
        admin.waitVisible(By.id("create-form:new-username")).sendKeys(name);
        admin.driver().findElement(PASSWORD).sendKeys("short");
        admin.driver().findElement(By.id("create-form:create-submit")).click();
        admin.waitText(By.id("create-form"), "At least 12 characters", WAIT);
        admin.driver().findElement(PASSWORD).clear();
        admin.driver().findElement(PASSWORD).sendKeys(password);
        admin.driver().findElement(By.id("create-form:create-submit")).click();
        admin.waitText(By.id("users-form:users"), name, WAIT);

        admin.waitUntil(ExpectedConditions.invisibilityOfElementLocated(By.id("create-dialog")), WAIT);
        click(admin, By.id("tokens-form:token-new"));
        admin.waitVisible(By.id("issue-form:token-name")).sendKeys("it-console-token-" + SUFFIX);
        admin.driver().findElement(By.id("issue-form:issue-submit")).click();
        String secret = admin.waitVisible(By.id("secret-value")).getAttribute("value");
        assertThat(secret).startsWith("cpt_");
        assertThat(new Api(stack.apiUrl(), secret).get("/agents").status()).as("the new token works").isEqualTo(200);
        admin.screenshot("admin-users-token");
        click(admin, By.id("secret-form:secret-done"));
        admin.waitUntil(d -> d.findElements(By.id("secret-value")).isEmpty(), WAIT);
        admin.waitText(By.id("tokens-form:tokens"), "it-console-token-" + SUFFIX, WAIT);
        admin.screenshot("admin-users");
        WebElement tokenRow = admin.driver().findElement(By.xpath(
                "//tr[.//strong[@class='token-name' and text()='it-console-token-" + SUFFIX + "']]"));
        jsClick(tokenRow.findElement(By.cssSelector(".revoke-token")));
        admin.waitVisible(By.id("tokens-form:confirm-yes")).click();
        // findElements, not findElement(...).getText(): the ajax update replaces the row while this waits.
        admin.waitUntil(d -> !d.findElements(By.xpath("//tr[.//strong[@class='token-name' and text()='it-console-token-"
                + SUFFIX + "'] and .//*[normalize-space(text())='revoked']]")).isEmpty(), WAIT);
        assertThat(new Api(stack.apiUrl(), secret).get("/agents").status()).as("revoked").isEqualTo(401);

        try (Browser viewer = Browser.open(stack)) {
            viewer.signIn(name, password);
            viewer.screenshot("admin-viewer-signed-in");
            assertThat(viewer.driver().findElement(By.id("current-role")).getAttribute("textContent").strip())
                    .isEqualTo("viewer");
            assertThat(viewer.driver().findElements(By.cssSelector("#console-nav a[href$='users.xhtml']"))).isEmpty();
            viewer.go("users.xhtml");
            assertThat(viewer.waitVisible(By.id("users-refused")).getText()).contains("Admins only");
            assertThat(viewer.driver().findElements(By.id("users-form:users"))).isEmpty();
            viewer.go("audit.xhtml");
            assertThat(viewer.waitVisible(By.id("audit-refused")).getText()).contains("operators and admins");
            assertThat(viewer.driver().findElements(By.id("audit-form:audit"))).isEmpty();
            assertThat(viewer.driver().findElements(By.cssSelector(".ui-growl-message"))).as("no growl: the page says it")
                    .isEmpty();
            viewer.go("agents.xhtml");
            assertThat(viewer.waitVisible(By.id("agents-toolbar:register")).isEnabled()).isFalse();
            viewer.screenshot("admin-viewer-refused");
            assertThat(deniedFor(name)).as("the refused reads are audited").contains("users.read", "audit.read");
        } finally {
            JsonNode user = userNamed(name);
            api.send("PATCH", "/users/" + user.path("id").asText(), "application/json", "{\"enabled\":false}");
        }
    }

    @Test
    @Order(5)
    void repeatedFailedSignInsAreThrottledEvenWithTheRightPassword() throws Exception {
        String name = "it-throttle-" + SUFFIX;
        String password = "pw-" + UUID.randomUUID();
        assertThat(api.post("/users", "{\"username\":\"" + name + "\",\"password\":\"" + password
                + "\",\"role\":\"viewer\"}").status()).isEqualTo(201);
        try (Browser browser = Browser.open(stack)) {
            // 5 free failures, then back-offs of 1 s, 2 s, 4 s …: fail until the page asks for a wait of 4 s or more.
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            int attempts = 0;
            String message = "";
            while (waitAsked(message) < 4 && System.nanoTime() < deadline) {
                message = attempt(browser, name, "wrong-password-" + attempts++);
                if (attempts <= 5) {
                    assertThat(message).as("free failure " + attempts).isEqualTo("Wrong user name or password.");
                }
            }
            assertThat(waitAsked(message)).as("a back-off of 4 s or more").isGreaterThanOrEqualTo(4);
            String refused = attempt(browser, name, password);
            assertThat(refused).as("the right password, refused during the back-off")
                    .matches("Too many failed sign-ins; try again in \\d+ s\\.");
            browser.screenshot("admin-login-throttled");
            browser.driver().get(stack.consoleUrl());
            assertThat(browser.driver().findElements(By.id("current-user"))).as("not signed in").isEmpty();
            assertThat(attempt(browser, "it-nobody-" + SUFFIX, "whatever-password"))
                    .as("an unknown user gets the same answer").isEqualTo("Wrong user name or password.");
        } finally {
            clearThrottle(name);
        }
        try (Browser browser = Browser.open(stack)) {
            browser.signIn(name, password);
            assertThat(browser.driver().findElement(By.id("current-user")).getText()).isEqualTo(name);
        }
    }

    @Test
    @Order(6)
    void signingInGivesANewSessionId() throws Exception {
        try (Browser browser = Browser.open(stack)) {
            browser.driver().get(stack.consoleUrl());
            browser.waitVisible(By.id("j_username"));
            Cookie before = browser.driver().manage().getCookieNamed("JSESSIONID");
            assertThat(before).as("a session before sign-in").isNotNull();
            browser.driver().findElement(By.id("j_username")).sendKeys(stack.adminUser());
            browser.driver().findElement(By.id("j_password")).sendKeys(stack.adminPassword());
            browser.driver().findElement(By.id("login-submit")).click();
            browser.waitVisible(By.id("current-user"));
            Cookie after = browser.driver().manage().getCookieNamed("JSESSIONID");
            assertThat(after).isNotNull();
            assertThat(after.getValue()).as("session id rotated").isNotEqualTo(before.getValue());
            // The id a fixation attack would have planted before sign-in is not signed in.
            java.net.http.HttpResponse<String> withOld = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(stack.consoleUrl()))
                            .header("Cookie", "JSESSIONID=" + before.getValue()).GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(withOld.body()).as("the console with the old session id").contains("j_username")
                    .doesNotContain("current-user");
            assertThat(browser.driver().findElement(By.id("current-user")).getText()).isEqualTo(stack.adminUser());
        }
    }

    /**
     * A signed-in session is never refused while many of its requests run at once, as when a page loads
     * its scripts beside a live refresh: Payara's form mechanism (its @AutoApplySession) sometimes lost the
     * session's groups under such load and answered 403 (a noVNC module, a click).
     */
    @Test
    @Order(7)
    void aSignedInSessionIsNeverRefusedWhileManyOfItsRequestsRunAtOnce() throws Exception {
        java.net.CookieManager cookies = new java.net.CookieManager();
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().cookieHandler(cookies)
                .followRedirects(java.net.http.HttpClient.Redirect.NEVER).build();
        java.net.http.HttpResponse<String> form = http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(stack.consoleUrl())).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(form.body()).contains("j_username");
        String credentials = "j_username=" + java.net.URLEncoder.encode(stack.adminUser(), java.nio.charset.StandardCharsets.UTF_8)
                + "&j_password=" + java.net.URLEncoder.encode(stack.adminPassword(), java.nio.charset.StandardCharsets.UTF_8);
        java.net.http.HttpResponse<String> signedIn = http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(stack.consoleUrl() + "j_security_check"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(credentials)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(302);
        // As a browser does: the page the sign-in sends it to, before anything else.
        java.net.http.HttpResponse<String> console = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                stack.controlPlaneUrl()).resolve(signedIn.headers().firstValue("Location").orElseThrow())).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(console.body()).as("signed in").contains("current-user");

        java.util.List<String> paths = java.util.List.of("resources/novnc/core/rfb.js", "resources/novnc/core/deflator.js",
                "resources/novnc/core/display.js", "vms.xhtml", "index.xhtml");
        java.util.Map<Integer, java.util.concurrent.atomic.AtomicInteger> statuses = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.List<String> refused = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(16);
        try {
            java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int i = 0; i < 400; i++) {
                String path = paths.get(i % paths.size());
                done.add(pool.submit(() -> {
                    java.net.http.HttpResponse<String> r = http.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(stack.consoleUrl() + path)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                    statuses.computeIfAbsent(r.statusCode(), k -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
                    if (r.statusCode() != 200 || path.endsWith(".xhtml") && !r.body().contains("current-user")) {
                        refused.add(path + " " + r.statusCode());
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.println("AdminPagesIT: 400 requests of one signed-in session, 16 at a time: " + statuses);
        assertThat(refused).as("requests of a signed-in session refused or sent to sign in").isEmpty();
    }

    private static void jsClick(WebElement element) {
        admin.script("arguments[0].click();", element);
    }

    private static int waitAsked(String message) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("try again in (\\d+) s").matcher(message);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** Clicks through anything on top of it (the growl of the previous action may cover a toolbar button). */
    private static void click(Browser browser, By by) {
        browser.script("arguments[0].click();", browser.waitVisible(by));
    }

    private static String attempt(Browser browser, String user, String password) {
        browser.driver().manage().deleteAllCookies();
        browser.driver().get(stack.consoleUrl());
        browser.waitVisible(By.id("j_username")).sendKeys(user);
        browser.driver().findElement(By.id("j_password")).sendKeys(password);
        browser.driver().findElement(By.id("login-submit")).click();
        return browser.waitVisible(By.id("login-error")).getText().strip().replaceAll("\\s+", " ");
    }

    private static void clearThrottle(String user) throws Exception {
        try (Connection c = DriverManager.getConnection(stack.jdbcUrl(), stack.dbUser(), stack.dbPassword());
             PreparedStatement s = c.prepareStatement("delete from login_throttle where (kind = 'user' and subject in (?, ?))"
                     + " or kind = 'address'")) {
            s.setString(1, user);
            s.setString(2, "it-nobody-" + SUFFIX);
            s.executeUpdate();
        }
    }

    private static java.util.List<String> deniedFor(String actor) throws Exception {
        java.util.List<String> actions = new java.util.ArrayList<>();
        try (Connection c = DriverManager.getConnection(stack.jdbcUrl(), stack.dbUser(), stack.dbPassword());
             PreparedStatement s = c.prepareStatement("select action from audit_event where actor = ? and outcome = 'denied'")) {
            s.setString(1, actor);
            try (var rs = s.executeQuery()) {
                while (rs.next()) {
                    actions.add(rs.getString(1));
                }
            }
        }
        return actions;
    }

    private static JsonNode agentNamed(String name) {
        for (JsonNode a : api.get("/agents").json().path("items")) {
            if (name.equals(a.path("name").asText())) {
                return a;
            }
        }
        return null;
    }

    private static JsonNode userNamed(String name) {
        for (JsonNode u : api.get("/users").json().path("items")) {
            if (name.equals(u.path("username").asText())) {
                return u;
            }
        }
        throw new IllegalStateException("no user " + name);
    }
}
