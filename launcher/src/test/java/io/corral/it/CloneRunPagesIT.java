package io.corral.it;

import io.corral.launcher.Stack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The clone-run pages in a real browser: a run created through the dialog shows its progress live to the
 * end, the dialog refuses bad input next to the field and creates nothing, and the run's detail lists its items.
 */
@ExtendWith(SharedStack.class)
@Order(9)
class CloneRunPagesIT {
    private static Stack stack;
    private static Api admin;

    @BeforeAll
    static void connect() {
        stack = SharedStack.get();
        admin = new Api(stack.apiUrl(), stack.apiToken());
    }

    /** The progress bar label of the run whose name pattern is {@code pattern} ("" while it is not listed). */
    private static String progress(Browser b, String pattern) {
        return text(b, "//tr[.//span[@class='run-name' and text()='" + pattern
                + "']]//*[contains(@class,'ui-progressbar-label')]");
    }

    private static String status(Browser b, String pattern) {
        return text(b, "//tr[.//span[@class='run-name' and text()='" + pattern
                + "']]//span[contains(@class,'run-status')]");
    }

    /** The text of the first element at {@code xpath}; "" when there is none or the live refresh replaced it. */
    private static String text(Browser b, String xpath) {
        try {
            List<WebElement> found = b.driver().findElements(By.xpath(xpath));
            return found.isEmpty() ? "" : found.get(0).getText().trim();
        } catch (StaleElementReferenceException e) {
            return "";
        }
    }

    /** Opens the create dialog and fills it for the stack's agent and template 9000 on pve1. */
    private static void fill(Browser b, String count, String pattern) {
        b.waitVisible(By.id("toolbar-form:new-run")).click();
        b.waitVisible(By.id("create-form:namePattern"));
        // As a user does: open the agent menu and pick the stack's agent (there may be several registered).
        b.waitVisible(By.id("create-form:agent")).click();
        b.waitVisible(By.cssSelector("#create-form\\:agent_items li[data-label='" + stack.agentName() + "']")).click();
        b.waitUntil(d -> !d.findElements(By.cssSelector("#create-form\\:template_input option[value='pve1/9000']"))
                .isEmpty(), Duration.ofSeconds(15));
        b.script("PF('run-template').selectValue('pve1/9000')");
        WebElement c = b.driver().findElement(By.id("create-form:count"));
        c.clear();
        c.sendKeys(count);
        WebElement n = b.driver().findElement(By.id("create-form:namePattern"));
        n.clear();
        n.sendKeys(pattern);
    }

    private static long runsNamed(String pattern) throws Exception {
        try (Connection c = DriverManager.getConnection(stack.jdbcUrl(), stack.dbUser(), stack.dbPassword());
             PreparedStatement ps = c.prepareStatement("select count(*) from clone_run where name_pattern = ?")) {
            ps.setString(1, pattern);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void aRunCreatedInTheDialogShowsItsProgressLiveToCompletion() throws Exception {
        String pattern = "ui5-{n}";
        // Each clone takes a moment, so the bar has steps to show.
        stack.simulator().faults().stretchNext("qmclone", 5, Duration.ofMillis(1500));
        try (Browser b = Browser.open(stack)) {
            b.signInAs("operator");
            b.go("clone-runs.xhtml");
            b.waitVisible(By.id("runs-form:runs"));
            b.script("window.corralNoReload = 'still here';");
            fill(b, "5", pattern);
            assertThat(b.driver().findElement(By.cssSelector("#create-form\\:linked input[value='true']")).isSelected())
                    .as("linked clones by default").isTrue();
            b.driver().findElement(By.id("create-form:create")).click();
            b.waitUntil(ExpectedConditions.invisibilityOfElementLocated(By.id("create-dialog")), Duration.ofSeconds(15));

            Set<String> seen = new LinkedHashSet<>();
            boolean[] shot = {false};
            b.waitUntil(d -> {
                String label = progress(b, pattern);
                if (!label.isEmpty()) {
                    seen.add(label);
                }
                if (!shot[0] && label.matches("[1-4] / 5")) {
                    b.screenshot("clone-runs-list-running");
                    shot[0] = true;
                }
                return "succeeded".equals(status(b, pattern)) && "5 / 5".equals(label);
            }, Duration.ofSeconds(120));
            assertThat(seen).as("labels the bar showed").endsWith("5 / 5");
            assertThat(seen).as("the bar moved on its own").hasSizeGreaterThan(1);
            assertThat(status(b, pattern)).isEqualTo("succeeded");
            assertThat(b.script("return window.corralNoReload")).as("no reload").isEqualTo("still here");
            b.screenshot("clone-runs-list-finished");

            // The run's detail: its five items, each with its command.
            b.driver().findElement(By.xpath("//a[.//span[@class='run-name' and text()='" + pattern + "']]")).click();
            b.waitVisible(By.id("run-status"));
            b.waitText(By.id("run-status"), "succeeded", Duration.ofSeconds(10));
            List<WebElement> items = b.driver().findElements(By.cssSelector("#run-form\\:items .item-status"));
            assertThat(items).extracting(WebElement::getText).containsExactly("succeeded", "succeeded", "succeeded",
                    "succeeded", "succeeded");
            assertThat(b.driver().findElements(By.cssSelector("#run-form\\:items a.command-link"))).hasSize(5);
            assertThat(b.driver().findElement(By.cssSelector("#run-form .ui-progressbar-label")).getText())
                    .isEqualTo("5 / 5");
            b.screenshot("clone-run-detail");
        } finally {
            List<String> names = new ArrayList<>();
            for (int n = 1; n <= 5; n++) {
                names.add("ui5-" + n);
            }
            if (runsNamed(pattern) > 0) {
                Map<String, String> ids = Guests.listed(stack, admin, names);
                ids.values().forEach(id -> Guests.destroy(stack, admin, id));
            }
        }
    }

    @Test
    void theCreateDialogRefusesBadInputNextToTheFieldAndCreatesNothing() throws Exception {
        try (Browser b = Browser.open(stack)) {
            b.signInAs("operator");
            b.go("clone-runs.xhtml");
            fill(b, "3", "bad_{n}");
            b.driver().findElement(By.id("create-form:create")).click();
            b.waitText(By.id("create-form:namePattern-msg"), "is not a DNS name", Duration.ofSeconds(15));
            assertThat(b.driver().findElement(By.id("create-dialog")).isDisplayed()).as("dialog stays open").isTrue();
            b.screenshot("clone-run-create-error");
            assertThat(runsNamed("bad_{n}")).isZero();

            WebElement c = b.driver().findElement(By.id("create-form:count"));
            c.clear();
            c.sendKeys("0");
            WebElement n = b.driver().findElement(By.id("create-form:namePattern"));
            n.clear();
            n.sendKeys("uibad-{n}");
            b.driver().findElement(By.id("create-form:create")).click();
            b.waitText(By.id("create-form:count-msg"), "must be between 1 and 500", Duration.ofSeconds(15));
            assertThat(b.driver().findElement(By.id("create-form:namePattern-msg")).getText()).isEmpty();
            assertThat(runsNamed("uibad-{n}")).isZero();
        }
    }

    @Test
    void aViewerSeesTheRunsButMayNotCreateOne() throws Exception {
        try (Browser b = Browser.open(stack)) {
            b.signInAs("viewer");
            b.go("clone-runs.xhtml");
            b.waitVisible(By.id("runs-form:runs"));
            assertThat(b.driver().findElement(By.id("toolbar-form:new-run")).isEnabled()).isFalse();
            b.screenshot("clone-runs-viewer");
        }
    }
}
