package io.corral.it;

import io.corral.launcher.Stack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console in a real headless Chromium: sign in and out, the fleet dashboard kept current by push (a VM
 * stopping, an agent going offline, a lost update reconciled), and what protects the console (view state,
 * security headers, cookie flags).
 */
@ExtendWith(SharedStack.class)
@Order(3)
class ConsoleIT {
    private static final Duration LIVE = Duration.ofSeconds(20);
    private static Stack stack;
    private static Api admin;
    private static Browser browser;

    @BeforeAll
    static void openBrowser() throws Exception {
        stack = SharedStack.get();
        admin = new Api(stack.apiUrl(), stack.apiToken());
        browser = Browser.open(stack);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void aWrongPasswordIsRefused() {
        browser.driver().manage().deleteAllCookies();
        browser.driver().get(stack.consoleUrl());
        browser.waitVisible(By.id("j_username")).sendKeys(stack.adminUser());
        browser.driver().findElement(By.id("j_password")).sendKeys("not-the-password");
        browser.driver().findElement(By.id("login-submit")).click();
        WebElement error = browser.waitVisible(By.id("login-error"));
        assertThat(error.getText()).contains("Wrong user name or password");
        browser.driver().get(stack.consoleUrl());
        assertThat(browser.driver().findElements(By.id("current-user"))).as("still not signed in").isEmpty();
        assertThat(browser.driver().findElements(By.id("j_password"))).isNotEmpty();
    }

    @Test
    void anAdminSignsInAndSeesTheFleetThenSignsOutByPost() throws Exception {
        Await.until("agent online", Duration.ofSeconds(60), () -> admin.get("/agents/" + stack.agentId()).json(),
                a -> "online".equals(a.path("status").asText()));
        browser.signInAsAdmin();
        assertThat(browser.driver().findElement(By.id("current-user")).getText()).isEqualTo(stack.adminUser());
        assertThat(browser.driver().findElement(By.id("current-role")).getText()).isEqualTo("admin");
        By agentRow = By.xpath("//table[@id='dash-agents']//tr[td[@class='agent-name' and text()='"
                + stack.agentName() + "']]");
        browser.waitVisible(agentRow);
        browser.waitText(By.cssSelector("#dash-vms"), "web-1", LIVE);
        assertThat(browser.driver().findElement(agentRow).findElement(By.cssSelector(".agent-status")).getText())
                .isEqualTo("online");
        assertThat(browser.driver().findElement(By.id("dash-vms")).getText()).contains("tpl-debian-12");
        assertThat(browser.driver().findElement(By.id("dash-state")).getText()).isEqualTo("live");
        browser.screenshot("dashboard");

        // Sign-out is a POST from the page's form; a GET (a link, an image) of a sign-out address does nothing.
        browser.driver().get(stack.controlPlaneUrl() + "/logout");
        browser.driver().get(stack.consoleUrl());
        assertThat(browser.waitVisible(By.id("current-user")).getText()).isEqualTo(stack.adminUser());
        browser.driver().findElement(By.id("session-form:logout")).click();
        browser.waitVisible(By.id("j_username"));
        browser.driver().get(stack.consoleUrl());
        browser.waitVisible(By.id("j_username"));
    }

    @Test
    void aVmThatStopsAndAnAgentThatGoesOfflineShowWithoutAReload() {
        EmulatedAgent agent = EmulatedAgent.register(stack, admin, false, 3);
        Map<Integer, String> guests = new LinkedHashMap<>(Map.of(501, "running", 502, "running"));
        agent.heartbeat("dash", guests);
        browser.signInAsAdmin();
        By vmStatus = By.xpath("//table[@id='dash-vms']//tr[td/a[text()='dash-501']]/td[contains(@class,'vm-status')]");
        browser.waitText(vmStatus, "running", LIVE);
        browser.script("window.__sameDocument = true;");
        long reloadsBefore = ((Number) browser.script("return corralDashboard.reloads();")).longValue();

        guests.put(501, "stopped");
        agent.heartbeat("dash", guests);
        browser.waitText(vmStatus, "stopped", LIVE);
        browser.screenshot("dashboard-vm-stopped");

        By agentStatus = By.xpath("//table[@id='dash-agents']//tr[td[text()='" + agent.name + "']]/td[contains(@class,'agent-status')]");
        browser.waitText(agentStatus, "online", LIVE);
        // No more heartbeats: offline once its 3 s TTL has passed.
        browser.waitText(agentStatus, "offline", LIVE);
        assertThat(browser.script("return window.__sameDocument === true;")).as("the page was not reloaded").isEqualTo(true);
        assertThat(((Number) browser.script("return corralDashboard.reloads();")).longValue())
                .as("no update was lost, so no snapshot reload").isEqualTo(reloadsBefore);
    }

    @Test
    void aLostUpdateIsNoticedByItsSequenceAndReconciledFromTheSnapshot() {
        EmulatedAgent agent = EmulatedAgent.register(stack, admin, false, 600);
        Map<Integer, String> guests = new LinkedHashMap<>(Map.of(601, "running"));
        agent.heartbeat("gap", guests);
        browser.signInAsAdmin();
        By vmStatus = By.xpath("//table[@id='dash-vms']//tr[td/a[text()='gap-601']]/td[contains(@class,'vm-status')]");
        browser.waitText(vmStatus, "running", LIVE);
        browser.script("window.__sameDocument = true;");
        long seqBefore = ((Number) browser.script("return corralDashboard.seq();")).longValue();
        long reloadsBefore = ((Number) browser.script("return corralDashboard.reloads();")).longValue();

        // The next update is lost on its way (as a dropped connection would lose it).
        browser.script("corralDashboard.dropNext(1);");
        guests.put(601, "stopped");
        agent.heartbeat("gap", guests);
        // The update after it arrives with a seq one too far: the page reloads the snapshot, which has the stop.
        guests.put(602, "running");
        agent.heartbeat("gap", guests);
        browser.waitText(vmStatus, "stopped", LIVE);
        browser.waitText(By.xpath("//table[@id='dash-vms']//tr[td/a[text()='gap-602']]/td[contains(@class,'vm-status')]"),
                "running", LIVE);
        assertThat(((Number) browser.script("return corralDashboard.reloads();")).longValue())
                .as("one reload, for the one lost update").isEqualTo(reloadsBefore + 1);
        assertThat(((Number) browser.script("return corralDashboard.seq();")).longValue()).isGreaterThan(seqBefore + 1);
        assertThat(browser.script("return window.__sameDocument === true;")).isEqualTo(true);
        assertThat(browser.driver().findElement(By.id("dash-reloads")).getText())
                .isEqualTo(String.valueOf(reloadsBefore + 1));
    }

    @Test
    void aChangeWrittenThroughOneInstanceReachesTheDashboardsOfAnother() throws Exception {
        stack.startSecondControlPlane();
        try (Browser second = Browser.open(stack)) {
            EmulatedAgent agent = EmulatedAgent.register(stack, admin, false, 600);
            Map<Integer, String> guests = new LinkedHashMap<>(Map.of(701, "running"));
            agent.heartbeat("multi", guests);
            second.signInAt(stack.secondControlPlaneUrl() + "/console/", stack.adminUser(), stack.adminPassword());
            browser.signInAsAdmin();
            By vmStatus = By.xpath("//table[@id='dash-vms']//tr[td/a[text()='multi-701']]/td[contains(@class,'vm-status')]");
            second.waitText(vmStatus, "running", LIVE);
            browser.waitText(vmStatus, "running", LIVE);
            second.script("window.__sameDocument = true;");

            // The agent reports to the first instance; the second one's dashboard follows from the database.
            guests.put(701, "stopped");
            agent.heartbeat("multi", guests);
            second.waitText(vmStatus, "stopped", LIVE);
            browser.waitText(vmStatus, "stopped", LIVE);
            assertThat(second.script("return window.__sameDocument === true;")).isEqualTo(true);
            second.screenshot("dashboard-second-instance");
        } finally {
            stack.stopSecondControlPlane();
        }
    }

    @Test
    void aPostWithoutAValidViewStateIsRefusedAndChangesNothing() {
        browser.signInAsAdmin();
        browser.waitVisible(By.id("session-form:logout"));
        // A hand-made form aimed at the sign-out button, with a forged view state: what a cross-site page could send.
        browser.script("var f = document.createElement('form'); f.method = 'post'; f.action = arguments[0];"
                + "[['session-form','session-form'],['session-form:logout',''],['jakarta.faces.ViewState', arguments[1]]]"
                + ".forEach(function (p) { var i = document.createElement('input'); i.type = 'hidden'; i.name = p[0];"
                + " i.value = p[1]; f.appendChild(i); });"
                + "document.body.appendChild(f); f.submit();",
                stack.consoleUrl() + "index.xhtml", "-1234567890123456789:9876543210987654321");
        assertThat(browser.waitVisible(By.id("page-expired")).getText()).contains("expired");
        browser.driver().get(stack.consoleUrl());
        assertThat(browser.waitVisible(By.id("current-user")).getText()).as("still signed in")
                .isEqualTo(stack.adminUser());
    }

    @Test
    void pagesCarrySecurityHeadersAndTheSessionCookieItsFlags() throws Exception {
        HttpResponse<String> login = get(stack.consoleUrl(), null);
        Map<String, List<String>> headers = login.headers().map();
        assertThat(login.headers().firstValue("Content-Security-Policy")).get().asString()
                .contains("default-src 'self'", "frame-ancestors 'self'", "object-src 'none'", "form-action 'self'");
        assertThat(login.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(login.headers().firstValue("X-Frame-Options")).contains("SAMEORIGIN");
        assertThat(login.headers().firstValue("Referrer-Policy")).contains("same-origin");
        List<String> cookies = headers.getOrDefault("set-cookie", List.of());
        assertThat(cookies).as("the session cookie").anySatisfy(c -> assertThat(c)
                .startsWith("JSESSIONID=").containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax"));
    }

    private static HttpResponse<String> get(String url, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
