package io.corral.it;

import io.corral.launcher.Stack;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A headless Chromium driven by Selenium for the console's browser tests: sign in, wait for what a user
 * would see, and write a screenshot of each page under {@code target/screenshots/}.
 */
public final class Browser implements AutoCloseable {
    public static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Map<String, String> PASSWORDS = new ConcurrentHashMap<>();
    private final Stack stack;
    private final WebDriver driver;

    private Browser(Stack stack, WebDriver driver) {
        this.stack = stack;
        this.driver = driver;
    }

    /** A new browser (its own profile, so its own cookies), 1,280 × 900. */
    public static Browser open(Stack stack) throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(new File(System.getProperty("chromium.binary", "/usr/bin/chromium")));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-quic", "--window-size=1280,900",
                "--user-data-dir=" + Files.createTempDirectory("corral-chromium-"));
        // The page's console (script errors, refused sockets) goes into a failed wait's message.
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver")))
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return new Browser(stack, driver);
    }

    public WebDriver driver() {
        return driver;
    }

    /**
     * A console user with this role for tests, created once per stack through the users API; its password is
     * random. Name: {@code it-<role>}.
     */
    public static String user(Stack stack, String role) {
        String name = "it-" + role;
        PASSWORDS.computeIfAbsent(stack.controlPlaneUrl() + "/" + name, k -> {
            String password = "pw-" + UUID.randomUUID();
            Api api = new Api(stack.apiUrl(), stack.apiToken());
            Api.Reply reply = api.post("/users", "{\"username\":\"" + name + "\",\"password\":\"" + password
                    + "\",\"role\":\"" + role + "\"}");
            if (reply.status() != 201) {
                throw new IllegalStateException("Could not create user " + name + ": " + reply.status() + " " + reply.body());
            }
            return password;
        });
        return name;
    }

    /** Signs in as the admin the stack created. */
    public Browser signInAsAdmin() {
        return signIn(stack.adminUser(), stack.adminPassword());
    }

    /** Signs in as the test user of this role (see {@link #user}). */
    public Browser signInAs(String role) {
        String name = user(stack, role);
        return signIn(name, PASSWORDS.get(stack.controlPlaneUrl() + "/" + name));
    }

    /** Signs out (if signed in), signs in through the form and waits for the console frame. */
    public Browser signIn(String user, String password) {
        return signInAt(stack.consoleUrl(), user, password);
    }

    /** The same at another control-plane instance's console URL (e.g. the second instance's). */
    public Browser signInAt(String consoleUrl, String user, String password) {
        Secrets.secret("password", password); // users created through the console's form are known only here
        driver.manage().deleteAllCookies();
        driver.get(consoleUrl);
        waitVisible(By.id("j_username"));
        driver.findElement(By.id("j_username")).sendKeys(user);
        driver.findElement(By.id("j_password")).sendKeys(password);
        driver.findElement(By.id("login-submit")).click();
        waitVisible(By.id("current-user"));
        return this;
    }

    /** Opens a console page by its path under {@code /console/} (e.g. {@code vms.xhtml}). */
    public Browser go(String consolePath) {
        driver.get(stack.consoleUrl() + consolePath);
        return this;
    }

    public WebElement waitVisible(By by) {
        return waitUntil(ExpectedConditions.visibilityOfElementLocated(by), Duration.ofSeconds(20));
    }

    public <T> T waitUntil(ExpectedCondition<T> condition, Duration timeout) {
        // Live pages re-render while a test reads them: an element replaced under the wait is read again.
        try {
            return new WebDriverWait(driver, timeout).ignoring(StaleElementReferenceException.class).until(condition);
        } catch (TimeoutException e) {
            throw new TimeoutException(e.getMessage() + "\nAt " + driver.getCurrentUrl() + "; the page's console:\n"
                    + consoleLog(), e);
        }
    }

    private String consoleLog() {
        try {
            StringBuilder out = new StringBuilder();
            for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
                out.append(entry.getLevel()).append(' ').append(entry.getMessage()).append('\n');
            }
            return out.length() == 0 ? "(empty)" : out.toString();
        } catch (RuntimeException e) {
            return "(not readable: " + e.getMessage() + ")";
        }
    }

    /** Waits until the element's text contains {@code text}, as the live console shows it without a reload. */
    public void waitText(By by, String text, Duration timeout) {
        waitUntil(ExpectedConditions.textToBePresentInElementLocated(by, text), timeout);
    }

    public Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** Writes {@code target/screenshots/<name>.png}. */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Path target = SCREENSHOTS.resolve(name + ".png");
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
