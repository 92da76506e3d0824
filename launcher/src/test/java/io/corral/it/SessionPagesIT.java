package io.corral.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.corral.launcher.Stack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auth-session and credential pages in a real browser: an operator cancels a session from the list, the
 * session page opens its desktop only by a POST after it loaded, and an admin's reveal shows the secret once
 * and is audited while an operator's is refused.
 */
@ExtendWith(SharedStack.class)
@Order(9)
class SessionPagesIT {
    private static final Duration VM_TIMEOUT = Duration.ofSeconds(120);
    private static Stack stack;
    private static Api admin;
    private static Api auth;

    @BeforeAll
    static void connect() {
        stack = SharedStack.get();
        admin = new Api(stack.apiUrl(), stack.apiToken());
        auth = new Api(stack.controlPlaneUrl() + "/api", stack.apiToken());
    }

    private static long count(String sql, String... params) throws Exception {
        try (Connection c = DriverManager.getConnection(stack.jdbcUrl(), stack.dbUser(), stack.dbPassword());
             PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static int relays(String vmId) {
        return admin.get("/relays?vm=" + vmId).json().path("items").size();
    }

    @Test
    void theSessionPageOpensItsDesktopByAPostAndAnOperatorCancelsTheSessionFromTheList() throws Exception {
        Api.Reply started = auth.post("/auth/start", "{\"provider\":\"github\"}");
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        String id = started.json().path("session").path("id").asText();
        String vmId = Await.until("session VM in the inventory", VM_TIMEOUT,
                () -> auth.get("/auth/sessions/" + id).json().path("vm").path("vmId").asText(""), v -> !v.isEmpty());
        try (Browser b = Browser.open(stack)) {
            b.signInAs("operator");

            // A plain GET of the page (what a link from another site does) opens no relay.
            int before = relays(vmId);
            String cookie = b.driver().manage().getCookieNamed("JSESSIONID").getValue();
            HttpResponse<String> get = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(stack.consoleUrl() + "session.xhtml?id=" + id)).header("Cookie", "JSESSIONID=" + cookie)
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(get.statusCode()).isEqualTo(200);
            assertThat(get.body()).contains("session-state").doesNotContain("data-ticket=\"");
            assertThat(relays(vmId)).as("relays after a GET").isEqualTo(before);

            // The page itself opens the desktop by a POST once loaded, and shows the session live.
            b.go("session.xhtml?id=" + id);
            b.waitText(By.id("session-state"), "vm_created", Duration.ofSeconds(30));
            String relay = b.waitUntil(d -> {
                String r = d.findElement(By.id("screen")).getAttribute("data-relay");
                return r == null || r.isEmpty() ? null : r;
            }, Duration.ofSeconds(30));
            assertThat(admin.get("/relays/" + relay).json().path("vmId").asText()).isEqualTo(vmId);
            assertThat(relays(vmId)).isEqualTo(before + 1);
            b.waitText(By.id("desktop-state"), "connected", Duration.ofSeconds(30));
            b.waitText(By.id("relay-state"), "connected", Duration.ofSeconds(15));
            assertThat(b.driver().findElement(By.id("screen")).getAttribute("data-ticket")).as("ticket forgotten")
                    .isNull();
            assertThat(b.driver().findElement(By.id("session-events")).getText()).contains("vm_creating")
                    .contains("vm_created");
            b.screenshot("session-detail");

            b.go("sessions.xhtml");
            String row = "//tr[.//a[@title='" + id + "']]";
            b.waitVisible(By.xpath(row));
            assertThat(b.driver().findElement(By.xpath(row + "//span[contains(@class,'session-state')]")).getText())
                    .isEqualTo("vm_created");
            b.screenshot("sessions-list");
            b.script("window.corralNoReload = 'still here';");
            b.driver().findElement(By.xpath(row + "//button[contains(@class,'session-cancel')]")).click();
            b.waitVisible(By.cssSelector(".ui-confirmdialog-yes")).click();
            b.waitText(By.xpath(row + "//span[contains(@class,'session-state')]"), "failed", Duration.ofSeconds(20));
            b.waitUntil(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".ui-confirm-dialog")),
                    Duration.ofSeconds(10));
            assertThat(b.driver().findElement(By.xpath(row + "//span[contains(@class,'session-reason')]")).getText())
                    .isEqualTo("cancelled by " + Browser.user(stack, "operator"));
            assertThat(b.driver().findElements(By.xpath(row + "//button[contains(@class,'session-cancel')]")))
                    .as("no cancel for an ended session").isEmpty();
            assertThat(b.script("return window.corralNoReload")).isEqualTo("still here");
            assertThat(count("select count(*) from audit_event where action = 'auth-session.cancel' and target_id = ? "
                    + "and outcome = 'ok'", id)).isEqualTo(1);
            b.screenshot("sessions-list-cancelled");
            // Filtered to "started", which no session rests in (it is vm_creating by the end of its start): empty.
            for (int attempt = 0; !"started".equals(b.driver().findElement(By.id("filter-form:state_label")).getText())
                    && attempt < 3; attempt++) {
                try {
                    b.driver().findElement(By.id("filter-form:state")).click();
                    b.waitVisible(By.cssSelector("#filter-form\\:state_items li[data-label='started']")).click();
                } catch (org.openqa.selenium.WebDriverException e) {
                    // The menu's panel was still opening or a live refresh replaced it: try again.
                }
            }
            b.waitVisible(By.cssSelector("#sessions-form\\:sessions .empty-state"));
            b.screenshot("sessions-list-empty-filter");
        }
        assertThat(auth.get("/auth/sessions/" + id).json().path("state").asText()).isEqualTo("failed");
        Await.until("cancelled session's VM destroyed", VM_TIMEOUT, () -> admin.get("/vms/" + vmId).status(),
                status -> status == 404);
    }

    @Test
    void anAdminRevealsACredentialOnceAndAuditedWhileAnOperatorIsRefused() throws Exception {
        String marker = "ui-secret-" + UUID.randomUUID();
        String label = "ui-" + UUID.randomUUID().toString().substring(0, 8);
        Api.Reply stored = admin.post("/credentials", "{\"provider\":\"github\",\"label\":\"" + label
                + "\",\"credentials\":{\"token\":\"" + marker + "\"}}");
        assertThat(stored.status()).as(stored.body()).isEqualTo(201);
        String id = stored.json().path("id").asText();
        String row = "//tr[.//span[@class='credential-label' and text()='" + label + "']]";
        try {
            try (Browser b = Browser.open(stack)) {
                b.signInAsAdmin();
                b.go("credentials.xhtml");
                b.waitVisible(By.xpath(row));
                assertThat(b.driver().getPageSource()).doesNotContain(marker);
                assertThat(b.driver().findElement(By.xpath(row + "//span[@class='credential-revealed']")).getText())
                        .isEqualTo("never");
                b.screenshot("credentials-list");
                b.driver().findElement(By.xpath(row + "//button[contains(@class,'credential-reveal')]")).click();
                WebElement confirm = b.waitVisible(By.cssSelector(".ui-confirm-dialog, .ui-confirmdialog"));
                assertThat(confirm.getText()).contains("audited");
                b.driver().findElement(By.cssSelector(".ui-confirmdialog-yes")).click();
                b.waitText(By.id("secret"), marker, Duration.ofSeconds(15));
                b.screenshot("credential-reveal-dialog");
                assertThat(count("select count(*) from audit_event where action = 'credential.reveal' and target_id = ? "
                        + "and outcome = 'ok' and actor = ?", id, stack.adminUser())).isEqualTo(1);
                assertThat(count("select count(*) from credential_access where credential_id = ?::uuid "
                        + "and action = 'reveal' and outcome = 'ok' and actor = ?", id, stack.adminUser())).isEqualTo(1);

                b.driver().findElement(By.cssSelector("#reveal-form button")).click();
                b.waitUntil(d -> !d.findElement(By.id("reveal-dialog")).isDisplayed(), Duration.ofSeconds(10));
                assertThat(b.driver().getPageSource()).as("the secret is gone once the dialog closed")
                        .doesNotContain(marker);

                b.driver().findElement(By.xpath(row + "//button[contains(@class,'credential-history')]")).click();
                b.waitVisible(By.id("trail-dialog"));
                b.waitText(By.id("trail-form:trail"), "reveal", Duration.ofSeconds(10));
                assertThat(b.driver().findElement(By.id("trail-form:trail")).getText()).contains(stack.adminUser())
                        .contains("store");
                b.screenshot("credential-history-dialog");
            }

            try (Browser b = Browser.open(stack)) {
                b.signInAs("operator");
                b.go("credentials.xhtml");
                b.waitVisible(By.xpath(row));
                WebElement reveal = b.driver().findElement(By.xpath(row + "//button[contains(@class,'credential-reveal')]"));
                assertThat(reveal.isEnabled()).as("reveal for an operator").isFalse();
                // A forged request: the button enabled by hand and pressed. Faces drops the event of a button it
                // rendered disabled, and the page's role check would refuse it after that: nothing is revealed.
                b.script("arguments[0].disabled = false; arguments[0].classList.remove('ui-state-disabled');", reveal);
                reveal.click();
                b.waitVisible(By.cssSelector(".ui-confirmdialog-yes")).click();
                b.waitUntil(d -> Boolean.TRUE.equals(b.script("return PrimeFaces.ajax.Queue.isEmpty()")),
                        Duration.ofSeconds(15));
                assertThat(b.driver().findElement(By.id("reveal-dialog")).isDisplayed()).isFalse();
                assertThat(b.driver().getPageSource()).doesNotContain(marker);
                String operator = Browser.user(stack, "operator");
                assertThat(count("select count(*) from audit_event where action = 'credential.reveal' and target_id = ? "
                        + "and outcome = 'ok' and actor = ?", id, operator)).isZero();
                assertThat(count("select count(*) from credential_access where credential_id = ?::uuid "
                        + "and action = 'reveal' and actor = ?", id, operator)).isZero();
            }

            try (Browser b = Browser.open(stack)) {
                b.signInAs("viewer");
                b.go("credentials.xhtml");
                b.waitVisible(By.id("credentials-refused"));
                assertThat(b.driver().findElements(By.cssSelector(".credential-reveal"))).isEmpty();
                b.screenshot("credentials-viewer");
            }
        } finally {
            assertThat(admin.send("DELETE", "/credentials/" + id, null, null).status()).isEqualTo(204);
        }
    }
}
