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
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

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
 * The VM pages in a real browser: an operator stops and starts a guest through the confirm dialog and
 * sees its status change without a reload; a viewer's forged action is refused by the server (no
 * command, an audit row {@code denied}); the VM page shows the metrics chart and the guest's commands.
 */
@ExtendWith(SharedStack.class)
@Order(9)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VmPagesIT {
    private static final String NAME = "vmpages-1";
    private static final Duration LIVE = Duration.ofSeconds(30);
    private static Stack stack;
    private static Api admin;
    private static String vmId;
    private static Browser browser;

    @BeforeAll
    static void makeARunningGuest() throws Exception {
        stack = SharedStack.get();
        admin = new Api(stack.apiUrl(), stack.apiToken());
        stack.awaitAgentOnline(Duration.ofSeconds(60));
        vmId = Guests.make(stack, admin, "vmpages", 1).get(0);
        int vmid = admin.get("/vms/" + vmId).json().path("vmid").asInt();
        Api.Reply start = admin.post("/commands", "{\"agent\":\"" + stack.agentId() + "\",\"type\":\"proxmox.start\","
                + "\"payload\":{\"node\":\"pve1\",\"vmid\":" + vmid + "}}");
        assertThat(start.status()).as(start.body()).isEqualTo(201);
        awaitStatus("running");
        browser = Browser.open(stack);
    }

    @AfterAll
    static void cleanUp() {
        if (browser != null) {
            browser.close();
        }
        if (vmId != null && admin.get("/vms/" + vmId).status() == 200) {
            // The last test destroys it through the page; if it did not get there, the API does.
            admin.send("PATCH", "/vms/" + vmId, "application/json", "{\"protected\":false}");
            if ("running".equals(admin.get("/vms/" + vmId).json().path("status").asText())) {
                admin.post("/commands", "{\"agent\":\"" + stack.agentId() + "\",\"type\":\"proxmox.stop\","
                        + "\"payload\":{\"node\":\"pve1\",\"vmid\":" + admin.get("/vms/" + vmId).json().path("vmid")
                        + "}}");
                awaitStatus("stopped");
            }
            Guests.destroy(stack, admin, vmId);
        }
    }

    @Test
    @Order(1)
    void anOperatorStopsAndStartsAVmThroughTheConfirmDialogAndSeesItLive() throws SQLException {
        signInAs("operator");
        browser.waitVisible(By.cssSelector(".vm-table"));
        fullScreenshot("vms");
        search(NAME);
        browser.screenshot("vms-filtered");
        assertThat(browser.driver().findElements(By.cssSelector(".vm-table .vm-name")))
                .extracting(WebElement::getText).containsExactly(NAME);
        assertThat(rowText(".vm-status")).isEqualTo("running");

        act("stop");
        WebElement dialog = browser.waitVisible(By.id("vm-confirm-form:vm-confirm"));
        assertThat(dialog.getText()).contains(NAME, "pulling the plug");
        browser.screenshot("vm-confirm-stop");
        click(By.id("vm-confirm-form:confirm-yes"));

        browser.waitText(By.cssSelector(".ui-growl"), "Stop queued for " + NAME, LIVE);
        WebElement link = browser.waitVisible(By.cssSelector("#vms-form\\:outcome .command-link"));
        String commandId = link.getAttribute("href").replaceFirst(".*command\\.xhtml\\?id=", "");
        assertThat(admin.get("/commands/" + commandId).json().path("type").asText()).isEqualTo("proxmox.stop");
        browser.waitText(row(".vm-status"), "stopped", LIVE);
        browser.waitText(By.cssSelector("#vms-form\\:outcome .command-state"), "succeeded", LIVE);
        assertThat(admin.get("/vms/" + vmId).json().path("status").asText()).isEqualTo("stopped");
        assertThat(audit("it-operator", "vm.stop", "ok")).isEqualTo(1);

        act("start");
        click(By.id("vm-confirm-form:confirm-yes"));
        browser.waitText(row(".vm-status"), "running", LIVE);
        assertThat(admin.get("/vms/" + vmId).json().path("status").asText()).isEqualTo("running");
    }

    @Test
    @Order(2)
    void aProtectedVmIsNotDestroyedAndTheDialogSaysWhy() {
        signInAs("operator");
        search(NAME);
        click(row(".vm-protect"));
        browser.waitText(row(".vm-protect"), "yes", LIVE);
        assertThat(admin.get("/vms/" + vmId).json().path("protected").asBoolean()).isTrue();

        act("destroy");
        WebElement dialog = browser.waitVisible(By.id("vm-confirm-form:vm-confirm"));
        assertThat(dialog.getText()).contains("Nothing to do", NAME, "is protected");
        assertThat(browser.driver().findElements(By.id("vm-confirm-form:confirm-yes"))).isEmpty();
        browser.screenshot("vm-confirm-protected");
        click(By.id("vm-confirm-form:confirm-no"));

        click(row(".vm-protect"));
        browser.waitText(row(".vm-protect"), "no", LIVE);
        assertThat(admin.get("/vms/" + vmId).json().path("protected").asBoolean()).isFalse();
    }

    @Test
    @Order(3)
    void aViewersForgedActionIsRefusedByTheServer() throws SQLException {
        String since = Instant.now().minusSeconds(1).toString();
        long deniedBefore = audit("it-viewer", "vm.stop", "denied");
        signInAs("viewer");
        search(NAME);
        WebElement stop = browser.driver().findElement(row(".act-stop"));
        assertThat(stop.getAttribute("disabled")).as("a viewer's buttons are disabled").isNotNull();
        assertThat(browser.driver().findElement(By.cssSelector("[id$='bulk'].bulk-stop")).getAttribute("disabled"))
                .isNotNull();

        // Forge it: enable the button in the page and click it, as a hand-made request would.
        idle();
        browser.script("arguments[0].removeAttribute('disabled'); arguments[0].classList.remove('ui-state-disabled');"
                + " arguments[0].click();", stop);
        browser.waitText(By.cssSelector(".ui-growl"), "Not allowed", LIVE);
        assertThat(browser.driver().findElement(By.cssSelector(".ui-growl")).getText()).contains("needs operator");

        assertThat(browser.driver().findElement(By.id("vm-confirm-form:vm-confirm")).isDisplayed())
                .as("no confirm dialog for a refused action").isFalse();
        assertThat(audit("it-viewer", "vm.stop", "denied")).isEqualTo(deniedBefore + 1);
        assertThat(admin.get("/commands?agent=" + stack.agentId() + "&type=proxmox.stop&since=" + since).json()
                .path("items")).as("no command queued").isEmpty();
        assertThat(admin.get("/vms/" + vmId).json().path("status").asText()).isEqualTo("running");

        // The protection toggle too.
        WebElement protect = browser.driver().findElement(row(".vm-protect"));
        browser.script("arguments[0].removeAttribute('disabled'); arguments[0].click();", protect);
        Await.until("the refusal audited", LIVE, () -> uncheckedAudit("it-viewer", "vm.protection", "denied"), n -> n >= 1);
        assertThat(admin.get("/vms/" + vmId).json().path("protected").asBoolean()).isFalse();
    }

    @Test
    @Order(4)
    void theVmPageShowsTheChartAndTheCommandHistory() {
        for (int i = 0; i < 2; i++) {
            Api.Reply started = Await.until("a metrics-collection run to start", LIVE,
                    () -> admin.post("/maintenance/tasks/metrics-collection/run", ""), r -> r.status() != 409);
            String run = started.json().path("id").asText();
            Await.until("metrics-collection run " + run, Duration.ofSeconds(60),
                    () -> admin.get("/maintenance/task-runs/" + run).json(),
                    r -> !"running".equals(r.path("status").asText()));
        }
        signInAs("operator");
        search(NAME);
        click(row(".vm-name"));
        browser.waitVisible(By.id("vm-title"));
        assertThat(browser.driver().getCurrentUrl()).contains("vm.xhtml?id=" + vmId);
        assertThat(browser.driver().findElement(By.id("vm-title")).getText()).contains(NAME, "running");
        browser.waitVisible(By.cssSelector("#vm-form\\:chart canvas"));
        String history = browser.driver().findElement(By.id("vm-form:history")).getText();
        assertThat(history).contains("proxmox.stop", "proxmox.start", "proxmox.clone", "succeeded", "it-operator");
        assertThat(browser.driver().findElement(By.cssSelector("#vm-form\\:history .command-link"))
                .getAttribute("href")).contains("command.xhtml?id=");
        fullScreenshot("vm-detail");

        // A stop from the VM page: its status and history follow without a reload.
        click(By.cssSelector("#vm-form\\:vm-head .act-stop"));
        click(By.id("vm-confirm-form:confirm-yes"));
        browser.waitText(By.id("vm-status"), "stopped", LIVE);
        click(By.cssSelector("#vm-form\\:vm-head .act-start"));
        click(By.id("vm-confirm-form:confirm-yes"));
        browser.waitText(By.id("vm-status"), "running", LIVE);

        browser.go("vm.xhtml?id=not-a-vm");
        browser.screenshot("vm-bad-id");
        assertThat(browser.waitVisible(By.id("vm-problem")).getText()).as(browser.driver().getPageSource())
                .contains("'not-a-vm' is not a VM id");
        browser.go("vm.xhtml?id=" + UUID.randomUUID());
        assertThat(browser.waitVisible(By.id("vm-problem")).getText()).contains("No VM with id");
        browser.screenshot("vm-not-found");
    }

    @Test
    @Order(5)
    void anOperatorDestroysTheVmAfterBeingToldItCannotBeUndone() {
        signInAs("operator");
        search(NAME);
        // Through the selection this time: tick the row, then the toolbar's Destroy.
        click(By.xpath("//tr[contains(@class,'vm-row')][.//a[normalize-space(text())='" + NAME
                + "']]//td[contains(@class,'ui-selection-column')]//div[contains(@class,'ui-chkbox-box')]"));
        click(By.cssSelector("[id$='bulk'].bulk-destroy"));
        WebElement dialog = browser.waitVisible(By.id("vm-confirm-form:vm-confirm"));
        assertThat(dialog.getText()).contains(NAME, "deletes it with its disks", "cannot be undone");
        browser.screenshot("vm-confirm-destroy");
        click(By.id("vm-confirm-form:confirm-yes"));
        browser.waitText(By.cssSelector(".ui-growl"), "Destroy queued for " + NAME, LIVE);
        browser.waitText(By.cssSelector(".vm-table"), "No VM matches these filters.", Duration.ofSeconds(60));
        assertThat(admin.get("/vms/" + vmId).status()).isEqualTo(404);
        browser.waitText(By.cssSelector("#vms-form\\:outcome .vm-queued:first-child .command-state"), "succeeded", LIVE);
        assertThat(browser.driver().findElement(By.cssSelector("#vms-form\\:outcome .vm-queued:first-child")).getText())
                .contains("Destroy", NAME);
        browser.screenshot("vms-after-destroy");
    }

    /** A screenshot of the whole page (the window grown to its height for the shot). */
    private static void fullScreenshot(String name) {
        var window = browser.driver().manage().window();
        var size = window.getSize();
        long height = (Long) browser.script("return document.documentElement.scrollHeight");
        window.setSize(new org.openqa.selenium.Dimension(size.getWidth(), (int) Math.min(3000, height + 150)));
        browser.screenshot(name);
        window.setSize(size);
    }

    /**
     * Signs in afresh and opens the VMs page. The previous page is left first, so none of its live
     * requests can reach the server between the cookies going and the new sign-in.
     */
    private static void signInAs(String role) {
        browser.driver().get(stack.controlPlaneUrl() + "/protected.html"); // static: no scripts, same origin
        browser.signInAs(role).go("vms.xhtml");
    }

    /** Waits until no console request is under way (PrimeFaces' ajax queue is empty). */
    private static void idle() {
        browser.waitUntil(d -> Boolean.TRUE.equals(browser.script(
                "return window.PrimeFaces !== undefined && PrimeFaces.ajax.Queue.isEmpty()"
                        + " && (window.jQuery === undefined || jQuery.active === 0)")), LIVE);
    }

    /** Clicks once it is clickable; found again when a live refresh re-rendered it between finding and clicking. */
    private static void click(By by) {
        idle();
        browser.waitUntil(d -> {
            try {
                WebElement element = ExpectedConditions.elementToBeClickable(by).apply(d);
                if (element == null) {
                    return false;
                }
                element.click();
                return true;
            } catch (org.openqa.selenium.StaleElementReferenceException rerendered) {
                return false;
            }
        }, LIVE);
    }

    private static void search(String text) {
        WebElement box = browser.waitVisible(By.id("vms-form:search"));
        box.clear();
        box.sendKeys(text);
        idle();
        browser.waitUntil(d -> {
            var names = d.findElements(By.cssSelector(".vm-table .vm-name"));
            try {
                return names.size() == 1 && names.get(0).getText().equals(text);
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                return false;
            }
        }, LIVE);
    }

    private static By row(String css) {
        return By.xpath("//tr[contains(@class,'vm-row')][.//a[contains(@class,'vm-name') and normalize-space(text())='"
                + NAME + "']]//*[contains(concat(' ', @class, ' '), ' " + css.substring(1) + " ')]");
    }

    private static String rowText(String css) {
        return browser.driver().findElement(row(css)).getText();
    }

    private static void act(String action) {
        click(row(".act-" + action));
    }

    private static void awaitStatus(String status) {
        Await.until("guest " + vmId + " " + status, Duration.ofSeconds(60), () -> admin.get("/vms/" + vmId).json(),
                v -> status.equals(v.path("status").asText()));
    }

    private static long uncheckedAudit(String actor, String action, String outcome) {
        try {
            return audit(actor, action, outcome);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long audit(String actor, String action, String outcome) throws SQLException {
        try (Connection c = DriverManager.getConnection(stack.jdbcUrl(), stack.dbUser(), stack.dbPassword());
             PreparedStatement s = c.prepareStatement("select count(*) from audit_event where actor = ? and action = ? "
                     + "and outcome = ? and target_id = ?")) {
            s.setString(1, actor);
            s.setString(2, action);
            s.setString(3, outcome);
            s.setString(4, vmId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
