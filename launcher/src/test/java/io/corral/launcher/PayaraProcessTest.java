package io.corral.launcher;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PayaraProcessTest {

    @TempDir
    Path dir;
    Path fakeJar;

    @BeforeEach
    void fakePayaraJar() throws Exception {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakePayaraMicro.class.getName());
        Path classes = Path.of(FakePayaraMicro.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classes.toUri().toString());
        fakeJar = dir.resolve("payara-micro.jar");
        try (OutputStream out = Files.newOutputStream(fakeJar); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.flush();
        }
    }

    @Test
    void startsWaitsUntilHealthyAndStops() throws Exception {
        PayaraProcess process = new PayaraProcess(spec("ok"));

        process.start();
        process.awaitReady(Duration.ofSeconds(30));

        assertThat(process.isHealthy()).isTrue();
        assertThat(dir.resolve("payara/app.pid")).exists();
        assertThat(Files.readString(dir.resolve("payara/app-preboot.asadmin")))
                .contains("http-thread-pool.max-queue-size=-1")
                .contains("set configs.config.server-config.ejb-container.property.thread-core-pool-size=1")
                .contains("http-listener.address=127.0.0.1");
        process.stop(Duration.ofSeconds(20));

        assertThat(process.isRunning()).isFalse();
        assertThat(dir.resolve("payara/app.pid")).doesNotExist();
        String log = Files.readString(dir.resolve("logs/app.log"));
        assertThat(log).contains("starting app:").contains("--contextroot /app").contains("--nocluster")
                .contains("-Dhazelcast.operation.thread.count=1 ")
                .contains("--rootdir " + dir.resolve("payara/app")).contains("fake payara stopping");
    }

    @Test
    void killEndsTheProcessAtOnce() throws Exception {
        PayaraProcess process = new PayaraProcess(spec("ok"));
        process.start();
        process.awaitReady(Duration.ofSeconds(30));

        process.kill();

        assertThat(process.isRunning()).isFalse();
        assertThat(process.isHealthy()).isFalse();
    }

    @Test
    void failsFastWithTheLogTailWhenTheProcessDies() throws Exception {
        PayaraProcess process = new PayaraProcess(spec("crash"));
        process.start();

        assertThatThrownBy(() -> process.awaitReady(Duration.ofSeconds(60)))
                .hasMessageContaining("app exited with status 3")
                .hasMessageContaining("boom: cannot deploy");
    }

    @Test
    void stopsAProcessLeftRunningByAnEarlierLauncher() throws Exception {
        PayaraSpec spec = spec("ok");
        PayaraProcess orphan = new PayaraProcess(spec);
        orphan.start();
        orphan.awaitReady(Duration.ofSeconds(30));
        long orphanPid = Long.parseLong(Files.readString(dir.resolve("payara/app.pid")));

        PayaraProcess next = new PayaraProcess(spec);
        next.start();
        try {
            Optional<ProcessHandle> old = ProcessHandle.of(orphanPid);
            assertThat(old.map(ProcessHandle::isAlive).orElse(false)).isFalse();
            next.awaitReady(Duration.ofSeconds(30));
        } finally {
            next.stop(Duration.ofSeconds(10));
        }
    }

    private PayaraSpec spec(String mode) throws Exception {
        int port = Ports.resolve(new int[] {0}, new String[] {"test"})[0];
        return new PayaraSpec("app", fakeJar, dir.resolve("app.war"), "/app", port, 6900,
                dir.resolve("payara/app"), dir.resolve("logs/app.log"), Map.of("FAKE_MODE", mode),
                URI.create("http://127.0.0.1:" + port + "/app/health"));
    }
}
