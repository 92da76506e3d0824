package io.corral.it;

import io.corral.launcher.Stack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The console in a real headless Chromium: sign in through the form, see the agent. */
@ExtendWith(SharedStack.class)
@Order(3)
class ConsoleIT {
    private static Stack stack;
    private static WebDriver browser;

    @BeforeAll
    static void openBrowser() throws Exception {
        stack = SharedStack.get();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(new File(System.getProperty("chromium.binary", "/usr/bin/chromium")));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-quic", "--window-size=1280,900",
                "--user-data-dir=" + Files.createTempDirectory("corral-chromium-"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver")))
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aWrongPasswordIsRefused() {
        browser.manage().deleteAllCookies();
        signIn(stack.adminUser(), "not-the-password");
        WebElement error = new WebDriverWait(browser, Duration.ofSeconds(15))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("login-error")));
        assertThat(error.getText()).contains("Wrong user name or password");
        browser.get(stack.consoleUrl());
        assertThat(browser.findElements(By.id("agents"))).as("still not signed in").isEmpty();
        assertThat(browser.findElements(By.id("j_password"))).isNotEmpty();
    }

    @Test
    void anAdminSignsInAndSeesTheAgent() {
        Api api = new Api(stack.apiUrl(), stack.apiToken());
        Await.until("agent online", Duration.ofSeconds(60), () -> api.get("/agents/" + stack.agentId()).json(),
                a -> "online".equals(a.path("status").asText()));
        browser.manage().deleteAllCookies();
        signIn(stack.adminUser(), stack.adminPassword());
        new WebDriverWait(browser, Duration.ofSeconds(15))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("agents")));
        assertThat(browser.findElement(By.id("current-user")).getText()).isEqualTo(stack.adminUser());
        List<WebElement> names = browser.findElements(By.cssSelector("#agents .agent-name"));
        assertThat(names).extracting(WebElement::getText).contains(stack.agentName());
        WebElement row = browser.findElement(By.xpath(
                "//table//tr[.//span[@class='agent-name' and text()='" + stack.agentName() + "']]"));
        assertThat(row.findElement(By.cssSelector(".agent-status")).getText()).isEqualTo("online");
        assertThat(browser.findElement(By.id("vms")).getText()).contains("web-1", "tpl-debian-12");
    }

    private static void signIn(String user, String password) {
        browser.get(stack.consoleUrl());
        new WebDriverWait(browser, Duration.ofSeconds(15))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("j_username")));
        browser.findElement(By.id("j_username")).sendKeys(user);
        browser.findElement(By.id("j_password")).sendKeys(password);
        browser.findElement(By.id("login-submit")).click();
    }
}
