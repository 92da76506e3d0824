package io.corral.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.corral.launcher.Stack;
import io.corral.pvesim.Guest;
import io.corral.pvesim.RfbClient;
import io.corral.pvesim.RunState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The desktop through Corral: browser (or a test's WebSocket) → control plane → agent → the
 * simulated guest's websockify, RFB handshake end to end; what a browser sees when the path breaks.
 */
@ExtendWith(SharedStack.class)
@Order(9)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DesktopRelayIT {
    private static Stack stack;
    private static Api api;
    private static WebDriver browser;

    @BeforeAll
    static void connect() {
        stack = SharedStack.get();
        api = new Api(stack.apiUrl(), stack.apiToken());
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    @Order(1)
    void aWebSocketCompletesTheRfbHandshakeWithTheGuestThroughTheRelay() throws Exception {
        JsonNode vm = runningVm();
        Api.Reply opened = api.post("/vms/" + vm.path("id").asText() + "/desktop", "");
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        JsonNode ticket = opened.json();
        String relayId = ticket.path("relayId").asText();
        assertThat(ticket.path("url").asText()).startsWith("ws://").contains("/relay/" + relayId + "?ticket=");
        assertThat(ticket.path("relay").path("state").asText()).isEqualTo("issued");

        try (RfbClient client = new RfbClient(URI.create(ticket.path("url").asText()))) {
            RfbClient.ServerInit init = client.handshake();
            assertThat(init).isEqualTo(new RfbClient.ServerInit(1024, 768, vm.path("name").asText()));
            assertThat(client.update(0, 0, 1024, 768)).hasSize(1024 * 768 * 4);

            JsonNode relay = api.get("/relays/" + relayId).json();
            assertThat(relay.path("state").asText()).isEqualTo("connected");
            assertThat(relay.path("bytesToBrowser").asLong()).isGreaterThan(1024 * 768 * 4);
            assertThat(relay.path("bytesToGuest").asLong()).isEqualTo(12 + 1 + 1 + 10);
            assertThat(relay.path("commandId").asText()).isNotEmpty();
        }
        JsonNode closed = Await.until("relay closed", Duration.ofSeconds(10),
                () -> api.get("/relays/" + relayId).json(), r -> "closed".equals(r.path("state").asText()));
        assertThat(closed.path("closedAt").asText()).isNotEmpty();
        assertThat(closed.toString()).doesNotContain(ticket.path("ticket").asText());
        assertThat(api.get("/relays?vm=" + vm.path("id").asText()).json().path("items").toString()).contains(relayId);
    }

    @Test
    @Order(2)
    void aTicketOpensOneSocketOnceAndAWrongOneNone() throws Exception {
        JsonNode ticket = api.post("/vms/" + runningVm().path("id").asText() + "/desktop", "").json();
        String url = ticket.path("url").asText();
        String wrong = url.replaceFirst("ticket=.*$", "ticket=crl_not-the-ticket");

        assertThatThrownBy(() -> readFrom(wrong)).hasMessageContaining("4401").hasMessageContaining("wrong ticket");
        try (RfbClient first = new RfbClient(URI.create(url))) {
            first.handshake();
            assertThatThrownBy(() -> readFrom(url)).hasMessageContaining("4401").hasMessageContaining("used already");
        }
        // The agent's side takes only the relay's agent token, as the socket's first message.
        URI dialBack = URI.create(stack.controlPlaneUrl().replaceFirst("^http", "ws") + "/api/v1/agent/relay/"
                + ticket.path("relayId").asText());
        for (String first : new String[] {"Bearer " + stack.apiToken(), "hello"}) {
            try (RfbClient impostor = new RfbClient(dialBack)) {
                impostor.text(first);
                assertThatThrownBy(() -> impostor.read(1)).hasMessageContaining("4403");
            }
        }
        try (RfbClient silent = new RfbClient(dialBack)) {
            silent.send(new byte[] {1, 2, 3});
            assertThatThrownBy(() -> silent.read(1)).hasMessageContaining("4403");
        }
        // One that sends nothing is dropped after 10 s, and not before (a busy server once closed fresh
        // sockets at once as idle).
        try (RfbClient mute = new RfbClient(dialBack)) {
            long t0 = System.nanoTime();
            Throwable closed = catchThrowable(() -> mute.read(1));
            if (String.valueOf(closed.getMessage()).contains("no bytes within")) {
                closed = catchThrowable(() -> mute.read(1));
            }
            assertThat(closed).hasMessageContaining("4403").hasMessageContaining("within 10 s");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofSeconds(9));
        }
        assertThat(api.post("/vms/" + runningVm().path("id").asText() + "/desktop", "").status()).isEqualTo(201);
        Api viewer = new Api(stack.apiUrl(), api.post("/tokens", "{\"name\":\"relay-viewer-" + System.nanoTime() + "\",\"role\":\"viewer\"}")
                .json().path("token").asText());
        assertThat(viewer.post("/vms/" + runningVm().path("id").asText() + "/desktop", "").status()).isEqualTo(403);
        assertThat(api.post("/vms/not-a-uuid/desktop", "").json().path("code").asText()).isNotEmpty();
    }

    @Test
    @Order(3)
    void aGuestThatRefusesTheAgentIsExplainedToTheBrowser() throws Exception {
        JsonNode vm = runningVm();
        JsonNode ticket = api.post("/vms/" + vm.path("id").asText() + "/desktop", "").json();
        Guest guest = stack.simulator().state().guests().stream().filter(g -> g.vmid() == vm.path("vmid").asInt())
                .findFirst().orElseThrow();
        guest.setState(RunState.STOPPED, Instant.now());
        try {
            assertThatThrownBy(() -> readFrom(ticket.path("url").asText())).hasMessageContaining("4502")
                    .hasMessageContaining("unreachable");
            JsonNode relay = api.get("/relays/" + ticket.path("relayId").asText()).json();
            assertThat(relay.path("state").asText()).isEqualTo("failed");
            assertThat(relay.path("lastError").asText()).contains("guest desktop").contains("unreachable")
                    .contains("HTTP 503");
        } finally {
            guest.setState(RunState.RUNNING, Instant.now());
        }
    }

    @Test
    @Order(4)
    void theConsolePageShowsTheDesktopAndExplainsALostAgent() throws Exception {
        JsonNode vm = runningVm();
        browser = Browsers.chromium();
        Browsers.signIn(browser, stack);
        openDesktopFromTheVmPage(vm.path("id").asText());
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        try {
            wait.until(ExpectedConditions.textToBe(By.id("desktop-state"), "connected"));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("noVNC did not connect; page: " + browser.getPageSource() + "\nlog: "
                    + browser.manage().logs().get("browser").getAll(), e);
        }
        wait.until(ExpectedConditions.textToBe(By.id("relay-state"), "connected"));
        assertThat(browser.findElement(By.id("relay-bytes")).getText()).doesNotStartWith("0 bytes");
        assertThat(browser.findElements(By.cssSelector("#screen canvas"))).isNotEmpty();

        stack.stopAgent();
        try {
            wait.until(ExpectedConditions.textToBe(By.id("relay-state"), "failed"));
            assertThat(browser.findElement(By.id("relay-error")).getText()).containsIgnoringCase("agent");
            assertThat(browser.findElement(By.id("desktop-state")).getText()).isNotEqualTo("connected");
            assertThat(browser.findElement(By.id("desktop-close")).getText()).contains("Relay closed (45")
                    .containsIgnoringCase("agent");

            // A new desktop while the agent is away: said so, not a blank frame.
            openDesktopFromTheVmPage(vm.path("id").asText());
            new WebDriverWait(browser, Duration.ofSeconds(30))
                    .until(ExpectedConditions.textToBe(By.id("relay-state"), "failed"));
            assertThat(browser.findElement(By.id("relay-error")).getText())
                    .containsAnyOf("agent did not dial back within", "AGENT_OFFLINE");
            JsonNode latest = api.get("/relays?vm=" + vm.path("id").asText()).json().path("items").get(0);
            if (latest.path("lastError").asText().contains("dial back")) {
                // Cancelled by the relay, expired, or failed LEASE_EXPIRED when a dying agent's poll took it:
                // final either way, so the agent back later opens nothing.
                assertThat(api.get("/commands/" + latest.path("commandId").asText()).json().path("status").asText())
                        .as("the relay.open nobody waits for any more").isIn("cancelled", "expired", "failed");
            }
        } finally {
            stack.startAgent();
            stack.awaitAgentOnline(Duration.ofSeconds(60));
        }
    }

    @Test
    @Order(5)
    void aTypedDesktopUrlIsRefusedAndOpensNoRelay() throws Exception {
        JsonNode vm = runningVm();
        String relays = api.get("/relays?vm=" + vm.path("id").asText()).json().path("items").toString();
        if (browser == null) {
            browser = Browsers.chromium();
        }
        Browsers.signIn(browser, stack);
        browser.get(stack.consoleUrl() + "desktop.xhtml?vm=" + vm.path("id").asText());
        new WebDriverWait(browser, Duration.ofSeconds(15))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("protected-view")));
        assertThat(browser.getPageSource()).contains("Nothing was done");
        assertThat(browser.findElements(By.id("screen"))).isEmpty();
        assertThat(api.get("/relays?vm=" + vm.path("id").asText()).json().path("items").toString())
                .as("no relay opened").isEqualTo(relays);
    }

    /** Opens the VM's page and follows its "Open desktop" link (the only way in: the desktop is a protected view). */
    private static void openDesktopFromTheVmPage(String vmId) {
        browser.get(stack.consoleUrl() + "vm.xhtml?id=" + vmId);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.until(ExpectedConditions.elementToBeClickable(By.id("vm-form:open-desktop"))).click();
        wait.until(ExpectedConditions.urlContains("desktop.xhtml"));
        assertThat(browser.getCurrentUrl()).contains("jakarta.faces.Token=");
    }

    /** Reads from a relay socket until it closes; the exception says with what. */
    private static void readFrom(String url) throws Exception {
        try (RfbClient client = new RfbClient(URI.create(url))) {
            client.read(1_000_000);
        }
    }

    private static JsonNode runningVm() {
        return Await.until("a running VM", Duration.ofSeconds(60), () -> {
            for (JsonNode v : api.get("/vms?agent=" + stack.agentId() + "&status=running&type=qemu&template=false")
                    .json().path("items")) {
                return v;
            }
            return null;
        }, v -> v != null);
    }

    /** Headless Chromium as ConsoleIT drives it. */
    static final class Browsers {
        static WebDriver chromium() throws Exception {
            ChromeOptions options = new ChromeOptions();
            options.setBinary(new File(System.getProperty("chromium.binary", "/usr/bin/chromium")));
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--disable-quic", "--window-size=1280,900",
                    "--user-data-dir=" + Files.createTempDirectory("corral-chromium-"));
            org.openqa.selenium.logging.LoggingPreferences logs = new org.openqa.selenium.logging.LoggingPreferences();
            logs.enable(org.openqa.selenium.logging.LogType.BROWSER, java.util.logging.Level.ALL);
            options.setCapability("goog:loggingPrefs", logs);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver")))
                    .usingAnyFreePort().build();
            WebDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            return driver;
        }

        static void signIn(WebDriver driver, Stack stack) {
            driver.manage().deleteAllCookies();
            driver.get(stack.consoleUrl());
            new WebDriverWait(driver, Duration.ofSeconds(15))
                    .until(ExpectedConditions.visibilityOfElementLocated(By.id("j_username")));
            driver.findElement(By.id("j_username")).sendKeys(stack.adminUser());
            driver.findElement(By.id("j_password")).sendKeys(stack.adminPassword());
            driver.findElement(By.id("login-submit")).click();
            new WebDriverWait(driver, Duration.ofSeconds(15))
                    .until(ExpectedConditions.visibilityOfElementLocated(By.id("current-user")));
        }
    }
}
