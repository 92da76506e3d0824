package io.corral.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.corral.launcher.Stack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command list and a command's page in a real browser: the Proxmox task log growing while the
 * command runs, cancel through the confirm dialog, and what a viewer may not do.
 */
@ExtendWith(SharedStack.class)
@Order(8)
class CommandPagesIT {
    private static final Set<String> FINAL = Set.of("succeeded", "failed", "cancelled", "expired");
    private static final Duration LIVE = Duration.ofSeconds(30);
    private static Stack stack;
    private static Api admin;
    private static EmulatedAgent idle;

    @BeforeAll
    static void connect() {
        stack = SharedStack.get();
        admin = new Api(stack.apiUrl(), stack.apiToken());
        Await.until("agent advertises proxmox.clone", Duration.ofSeconds(60),
                () -> admin.get("/agents/" + stack.agentId()).json(),
                a -> "online".equals(a.path("status").asText()) && a.path("capabilities").toString().contains("proxmox.clone"));
        // Online (it heartbeats once) but never polls: what is queued for it stays queued.
        idle = EmulatedAgent.register(stack, admin, true);
    }

    @AfterEach
    void clearFaults() {
        stack.simulator().faults().clear();
    }

    private static String enqueue(String agent, String type, String payload) {
        Api.Reply r = admin.post("/commands", "{\"agent\":\"" + agent + "\",\"type\":\"" + type + "\",\"payload\":"
                + payload + "}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().path("id").asText();
    }

    private static JsonNode done(String id) {
        return Await.until("command " + id, Duration.ofSeconds(90), () -> admin.get("/commands/" + id + "?wait=20").json(),
                c -> FINAL.contains(c.path("status").asText()));
    }

    private static void dumpOnTimeout(Browser b, String name, Runnable wait) {
        try {
            wait.run();
        } catch (RuntimeException e) {
            b.screenshot(name);
            try {
                java.nio.file.Files.writeString(Browser.SCREENSHOTS.resolve(name + ".html"), b.driver().getPageSource());
            } catch (java.io.IOException io) {
                e.addSuppressed(io);
            }
            throw e;
        }
    }

    /** Clicks once the element holds still: live re-renders replace it while other commands change. */
    private static void click(Browser b, By by) {
        b.waitUntil(d -> {
            try {
                d.findElement(by).click();
                return true;
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                return false;
            }
        }, LIVE);
    }

    private static String state(Browser b) {
        return text(b, By.id("command-state"));
    }

    /** The element's text, or "" while it is missing or being replaced by a live re-render. */
    private static String text(Browser b, By by) {
        for (int i = 0; i < 5; i++) {
            try {
                return b.driver().findElement(by).getText();
            } catch (org.openqa.selenium.NoSuchElementException e) {
                return "";
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                // replaced between find and read: read the new one
            }
        }
        return "";
    }

    private static int lines(Browser b) {
        String n = text(b, By.id("task-log-lines"));
        return n.isEmpty() ? 0 : Integer.parseInt(n);
    }

    @Test
    void aRunningCommandsPageShowsItsTaskLogGrowingThenItsEnd() throws Exception {
        stack.simulator().faults().stretchNext("qmclone", 1, Duration.ofSeconds(8));
        String id = enqueue(stack.agentId(), "proxmox.clone",
                "{\"node\":\"pve1\",\"vmid\":9000,\"newid\":736,\"name\":\"log-stream\",\"full\":true}");
        try (Browser b = Browser.open(stack).signInAsAdmin()) {
            b.go("command.xhtml?id=" + id);
            dumpOnTimeout(b, "debug-running", () -> b.waitVisible(By.id("command-state")));
            // Transfer lines on the open page while the state still reads running: streamed, not read at the end.
            b.waitUntil(d -> text(b, By.id("task-log")).contains("transferred ") && "running".equals(state(b)), LIVE);
            int linesWhileRunning = lines(b);
            assertThat(admin.get("/commands/" + id).json().path("status").asText()).isEqualTo("running");
            b.waitUntil(d -> lines(b) > linesWhileRunning && "running".equals(state(b)), LIVE);
            b.script("document.getElementById('task-log').scrollIntoView({block: 'center'});");
            b.screenshot("command-running-with-log");
            b.waitText(By.id("command-state"), "succeeded", LIVE);
            b.waitText(By.id("task-log"), "TASK OK", LIVE);
            assertThat(text(b, By.id("task-log")))
                    .contains("create full clone of drive scsi0").contains("(100.00%)");
            assertThat(text(b, By.id("trail"))).contains("leased → running")
                    .contains("running → succeeded").doesNotContain("transferred");
            b.screenshot("command-succeeded");
        } finally {
            assertThat(done(id).path("status").asText()).isEqualTo("succeeded");
            done(enqueue(stack.agentId(), "proxmox.destroy", "{\"node\":\"pve1\",\"vmid\":736}"));
        }
    }

    /**
     * An event id is taken at insert and seen at commit, so a transaction can commit its event below one
     * already seen. Here a change to command A holds its event id while command B is cancelled through the
     * API; once a page has shown B's cancel, A's transaction commits. A's open page must still show it, with
     * nothing else happening after.
     */
    @Test
    void aChangeCommittedBelowTheNewestEventStillReachesAnOpenPage() throws Exception {
        String a = enqueue(idle.id, "proxmox.start", "{\"node\":\"pve1\",\"vmid\":103}");
        String b = enqueue(idle.id, "proxmox.start", "{\"node\":\"pve1\",\"vmid\":104}");
        try (Browser browser = Browser.open(stack).signInAsAdmin();
             Connection late = DriverManager.getConnection(stack.jdbcUrl(), stack.dbUser(), stack.dbPassword())) {
            browser.go("command.xhtml?id=" + a);
            browser.waitText(By.id("command-state"), "queued", LIVE);
            String pageA = browser.driver().getWindowHandle();
            browser.driver().switchTo().newWindow(WindowType.TAB);
            browser.go("command.xhtml?id=" + b);
            browser.waitText(By.id("command-state"), "queued", LIVE);

            late.setAutoCommit(false);
            try (PreparedStatement cancel = late.prepareStatement("update command set status = 'cancelled', "
                    + "cancel_requested = true, finished_at = now(), error_code = 'CANCELLED', error_message = "
                    + "'Cancelled before it started' where id = ?::uuid and status = 'queued'");
                 PreparedStatement event = late.prepareStatement("insert into command_event (command_id, at, "
                         + "from_status, to_status, actor, detail) values (?::uuid, now(), 'queued', 'cancelled', "
                         + "'it-late-commit', 'committed after a newer event')")) {
                cancel.setString(1, a);
                assertThat(cancel.executeUpdate()).isEqualTo(1);
                event.setString(1, a);
                event.executeUpdate();
            }
            assertThat(admin.post("/commands/" + b + "/cancel", "").status()).isEqualTo(200);
            // B's page showing its cancel proves a change check ran after B's event, above A's id.
            browser.waitText(By.id("command-state"), "cancelled", LIVE);
            late.commit();

            browser.driver().switchTo().window(pageA);
            browser.waitText(By.id("command-state"), "cancelled", LIVE);
            assertThat(text(browser, By.id("trail"))).contains("it-late-commit");
        } finally {
            admin.post("/commands/" + a + "/cancel", "");
            admin.post("/commands/" + b + "/cancel", "");
        }
    }

    @Test
    void anOperatorCancelsAQueuedCommandFromItsPage() throws Exception {
        String id = enqueue(idle.id, "proxmox.start", "{\"node\":\"pve1\",\"vmid\":101}");
        try (Browser b = Browser.open(stack).signInAs("operator")) {
            b.go("command.xhtml?id=" + id);
            b.waitText(By.id("command-state"), "queued", LIVE);
            click(b, By.id("cmd:cancel"));
            WebElement dialog = b.waitVisible(By.cssSelector(".ui-confirm-dialog"));
            assertThat(dialog.getText()).contains("cancelled at once and never runs");
            b.screenshot("command-cancel-confirm");
            click(b, By.id("cmd:confirm-yes"));
            b.waitText(By.id("command-state"), "cancelled", LIVE);
            assertThat(b.driver().findElements(By.id("cmd:cancel"))).as("nothing left to cancel").isEmpty();
            assertThat(text(b, By.id("trail"))).contains("queued → cancelled")
                    .contains("by " + Browser.user(stack, "operator"));
            assertThat(admin.get("/commands/" + id).json().path("status").asText()).as("the API agrees")
                    .isEqualTo("cancelled");
        } finally {
            admin.post("/commands/" + id + "/cancel", "");
        }
    }

    @Test
    void aViewerSeesTheCommandButCannotCancelIt() throws Exception {
        String id = enqueue(idle.id, "proxmox.start", "{\"node\":\"pve1\",\"vmid\":102}");
        try (Browser b = Browser.open(stack).signInAs("viewer")) {
            b.go("command.xhtml?id=" + id);
            b.waitText(By.id("command-state"), "queued", LIVE);
            assertThat(b.driver().findElement(By.id("cmd:cancel")).isEnabled()).isFalse();
            assertThat(text(b, By.id("command-payload"))).contains("\"vmid\": 102");
            // A forged request for the cancel button, as if it were enabled.
            b.script("PrimeFaces.ab({s:'cmd:cancel', f:'cmd', p:'cmd:cancel', u:'cmd:live'});");
            b.waitUntil(d -> Boolean.TRUE.equals(b.script("return PrimeFaces.ajax.Queue.isEmpty();")), LIVE);
            assertThat(state(b)).isEqualTo("queued");
        } finally {
            assertThat(admin.get("/commands/" + id).json().path("status").asText()).as("the API agrees")
                    .isEqualTo("queued");
            assertThat(admin.post("/commands/" + id + "/cancel", "").status()).isEqualTo(200);
        }
    }

    @Test
    void theListFiltersAndLinksToAFailedCommandsError() throws Exception {
        String failed = enqueue(idle.id, "proxmox.start", "{\"node\":\"pve2\",\"vmid\":104,\"name\":\"db-2\"}");
        Await.until("lease of " + failed, Duration.ofSeconds(20), () -> idle.next(2, 10),
                l -> l.stream().anyMatch(c -> c.path("id").asText().equals(failed)));
        assertThat(idle.start(failed).status()).isEqualTo(200);
        assertThat(idle.api.post("/agent/commands/" + failed + "/result", "{\"status\":\"failed\",\"error\":{\"code\":"
                + "\"PVE_LOCKED\",\"message\":\"start of pve2/104: VM is locked (backup) (still locked after 3 retries)\"}}")
                .status()).isEqualTo(200);
        try (Browser b = Browser.open(stack).signInAsAdmin()) {
            b.go("commands.xhtml");
            b.waitVisible(By.id("list:commands"));
            b.waitText(By.id("list:commands"), failed.substring(0, 8), LIVE);
            b.driver().findElement(By.id("filters:target")).sendKeys("db-2");
            By rows = By.cssSelector("#list\\:commands tbody tr.command-row");
            dumpOnTimeout(b, "debug-list", () -> b.waitUntil(d -> {
                try {
                    var shown = d.findElements(rows);
                    return !shown.isEmpty() && shown.stream().allMatch(r -> r.getText().contains("pve2/104 (db-2)"));
                } catch (org.openqa.selenium.StaleElementReferenceException e) {
                    return false;
                }
            }, LIVE));
            b.screenshot("commands-list-filtered");
            assertThat(text(b, By.id("list:commands"))).contains("PVE_LOCKED").contains("failed");
            b.driver().findElement(By.id("filters:target")).sendKeys("-nothing-like-it");
            b.waitText(By.id("list:commands"), "No command matches these filters", LIVE);
            click(b, By.id("filters:clear"));
            b.waitText(By.id("list:commands"), failed.substring(0, 8), LIVE);
            b.screenshot("commands-list");

            click(b, By.linkText(failed.substring(0, 8)));
            b.waitText(By.id("command-state"), "failed", LIVE);
            assertThat(text(b, By.id("command-error-code"))).isEqualTo("PVE_LOCKED");
            assertThat(text(b, By.id("command-error-message"))).contains("VM is locked");
            b.screenshot("command-failed");
            b.go("commands.xhtml");
            b.waitVisible(By.id("list:commands"));
            b.driver().findElement(By.id("filters:createdBy")).sendKeys("nobody-ever");
            b.waitText(By.id("list:commands"), "No command matches these filters", LIVE);
            b.screenshot("commands-list-no-match");
        }
    }
}
