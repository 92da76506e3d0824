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
import io.corral.agent.executor.CommandFailure;
import jakarta.json.Json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

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
        TargetSync sync = new TargetSync(client, file);

        sync.sync(-1);
        assertThat(file).doesNotExist();
        sync.sync(3);
        sync.sync(3);
        assertThat(fetches.get()).isEqualTo(1);
        String written = Files.readString(file);
        assertThat(written).contains("\"host\":\"10.0.0.5\"", "\"keyRef\":\"fleet\"", "\"vmid\":100")
                .doesNotContain("privateKey");
        SshTargetsFile parsed = SshTargetsFile.parse(written, new SshAddressGuard(false), file);
        assertThat(parsed.usable()).extracting(SshTarget::name).containsExactly("web-1");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    @Test
    void keyRefsAreCheckedAgainOnTheAgent(@TempDir Path dir) throws Exception {
        Path keys = Files.createDirectories(dir.resolve("keys"));
        Files.writeString(keys.resolve("fleet"), "not really a key, but a known file\n");
        Files.writeString(dir.resolve("secret"), "outside the key directory\n");
        Files.createSymbolicLink(keys.resolve("linked"), dir.resolve("secret"));
        String hostKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHh1c2VybmFtZWF0aG9zdGtleXRlc3RrZXkxMjM0NTY=";
        StringBuilder targets = new StringBuilder();
        String[][] refs = {{"good", "fleet"}, {"up", ".."}, {"traversal", "../secret"}, {"absolute", "/etc/ssh/ssh_host_ed25519_key"},
                {"unknown", "nope"}, {"link", "linked"}, {"dot", "."}};
        for (String[] ref : refs) {
            targets.append(targets.length() == 0 ? "" : ",").append("{\"name\":\"").append(ref[0])
                    .append("\",\"host\":\"10.0.0.5\",\"port\":22,\"user\":\"corral\",\"keyRef\":")
                    .append(Json.createValue(ref[1])).append(",\"hostKey\":\"").append(hostKey).append("\"}");
        }
        byte[] body = ("{\"version\":4,\"targets\":[" + targets + "]}").getBytes(StandardCharsets.UTF_8);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/agent/targets", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        ControlPlaneClient client = new ControlPlaneClient(new ControlPlaneSettings(
                "http://127.0.0.1:" + server.getAddress().getPort(), "cag_t", Duration.ofSeconds(5)));
        Path file = dir.resolve("ssh-targets.json");
        new TargetSync(client, file).sync(4);
        SshTargetDirectory directory = new SshTargetDirectory(file, keys, new SshAddressGuard(false));

        assertThat(directory.find(select("good")).privateKeyFile()).isEqualTo(keys.resolve("fleet"));
        for (String name : new String[] {"up", "traversal", "absolute", "unknown", "link", "dot"}) {
            CommandFailure failure = catchThrowableOfType(CommandFailure.class, () -> directory.find(select(name)));
            assertThat(failure).as(name).isNotNull();
            assertThat(failure.code()).as(name).isEqualTo("SSH_KEY_FORBIDDEN");
            assertThat(failure.getMessage()).as(name).contains("keyRef");
        }
    }

    private static TargetSelector select(String name) throws CommandFailure {
        return TargetSelector.from(Json.createObjectBuilder().add("target", name).build());
    }
}
