package io.corral.agent.proxy;

import io.corral.agent.clone.CloneGateSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An ordinary, unmodified Proxmox API client library that operators use — {@code proxmox-api}
 * from npm, pinned in src/test/node/package-lock.json — logs in with an API token, lists
 * guests, clones a template and follows the task to stopped/OK: once against the simulator,
 * once through the agent's PVE proxy. Needs Node.js and npm (./corral test installs them).
 */
class ClientLibraryTest {
    private static final Path NODE_DIR = Path.of("target", "node-client");
    private static ProxyFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        installLibrary();
        fixture = ProxyFixture.start(sim -> sim.timeFactor(0.01),
                CloneGateSettings.defaults().withQueueLimit(10), s -> s);
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void theLibraryWorksAgainstTheSimulatorAndThroughTheProxy() throws Exception {
        String direct = runClient(fixture.sim.port(), fixture.sim.certificateSha256(), 4301);
        assertThat(direct).contains("guests 100,101,102", "task stopped OK", "cfg name lib-clone");

        String proxied = runClient(fixture.proxy.port(), fixture.proxy.certificateSha256(), 4302);
        assertThat(proxied).contains("4301", "task stopped OK", "cfg name lib-clone");
        assertThat(fixture.sim.state().isVmidUsed(4302)).isTrue();
    }

    private static String runClient(int port, String fingerprint, int newid) throws Exception {
        return run(List.of("node", "client.mjs", "127.0.0.1", String.valueOf(port),
                fingerprint.toUpperCase(Locale.ROOT), String.valueOf(newid)), 60);
    }

    private static void installLibrary() throws Exception {
        Files.createDirectories(NODE_DIR);
        for (String file : List.of("package.json", "package-lock.json", "client.mjs")) {
            Files.copy(Path.of("src", "test", "node", file), NODE_DIR.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(NODE_DIR.resolve("node_modules").resolve("proxmox-api"))) {
            run(List.of("npm", "ci", "--no-audit", "--no-fund", "--silent"), 300);
        }
    }

    private static String run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(NODE_DIR.toFile()).redirectErrorStream(true);
        pb.environment().put("SECRET", ProxyFixture.SECRET);
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish within " + timeoutSeconds + " s");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(command + " output:\n" + out).isZero();
        return out;
    }
}
