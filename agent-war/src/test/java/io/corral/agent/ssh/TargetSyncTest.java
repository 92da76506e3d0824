package io.corral.agent.ssh;

import com.sun.net.httpserver.HttpServer;
import io.corral.agent.control.ControlPlaneClient;
import io.corral.agent.control.ControlPlaneSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class TargetSyncTest {
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void fetchesOnlyWhenTheVersionChangesAndWritesKeyFilesNotKeys(@TempDir Path dir) throws Exception {
        AtomicInteger fetches = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/agent/targets", exchange -> {
            fetches.incrementAndGet();
            assertThat(exchange.getRequestHeaders().getFirst("Authorization")).isEqualTo("Bearer cag_t");
            byte[] body = ("{\"version\":3,\"targets\":[{\"name\":\"web-1\",\"host\":\"10.0.0.5\",\"port\":22,"
                    + "\"user\":\"corral\",\"keyRef\":\"fleet\",\"hostKey\":\"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHh1c2VybmFtZWF0aG9zdGtleXRlc3RrZXkxMjM0NTY=\",\"node\":\"pve1\","
                    + "\"vmid\":100}]}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        ControlPlaneClient client = new ControlPlaneClient(new ControlPlaneSettings(
                "http://127.0.0.1:" + server.getAddress().getPort(), "cag_t", Duration.ofSeconds(5)));
        Path file = dir.resolve("ssh-targets.json");
        TargetSync sync = new TargetSync(client, file, dir.resolve("keys"));

        sync.sync(-1);
        assertThat(file).doesNotExist();
        sync.sync(3);
        sync.sync(3);
        assertThat(fetches.get()).isEqualTo(1);
        String written = Files.readString(file);
        assertThat(written).contains("\"host\":\"10.0.0.5\"", "\"privateKeyFile\":\"" + dir.resolve("keys").resolve("fleet"),
                "\"vmid\":100").doesNotContain("keyRef");
        SshTargetsFile parsed = SshTargetsFile.parse(written, new SshAddressGuard(false), file);
        assertThat(parsed.usable()).extracting(SshTarget::name).containsExactly("web-1");
    }
}
