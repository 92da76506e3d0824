package io.corral.agent.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.corral.agent.Await;
import io.corral.agent.control.ControlPlaneClient;
import io.corral.agent.control.ControlPlaneSettings;
import io.corral.agent.control.FakeControlPlane;
import io.corral.agent.control.FakeControlPlane.Received;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The durable outbox: results survive an absent control plane and a restart of the agent. */
class ResultReporterTest {

    @TempDir
    Path dataDir;

    private FakeControlPlane controlPlane;
    private ResultReporter reporter;

    @AfterEach
    void stop() {
        if (reporter != null) {
            reporter.stop();
        }
        if (controlPlane != null) {
            controlPlane.close();
        }
    }

    private ResultReporter reporter(String url) {
        ControlPlaneClient client = new ControlPlaneClient(
                new ControlPlaneSettings(url, FakeControlPlane.TOKEN, Duration.ofSeconds(5)));
        return new ResultReporter(new ResultOutbox(dataDir), new CommandChannel(client),
                () -> new Backoff(Duration.ofMillis(20), Duration.ofMillis(100)), Thread::new);
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    private Path file(String id) {
        return dataDir.resolve("outbox").resolve(id + ".json");
    }

    private List<Path> outboxFiles() throws Exception {
        try (Stream<Path> files = Files.list(dataDir.resolve("outbox"))) {
            return files.toList();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void aResultIsKeptWhileTheControlPlaneIsDownAndDeliveredWhenItComesBack() throws Exception {
        int port = freePort();
        reporter = reporter("http://127.0.0.1:" + port);
        reporter.start();

        reporter.report(CommandResult.failed("c-1", "PVE_ERROR", "Proxmox: HTTP 500: CT is locked"));

        assertThat(file("c-1")).exists();
        assertThat(json(Files.readString(file("c-1")))).isEqualTo(json("{\"status\":\"failed\",\"result\":null,"
                + "\"error\":{\"code\":\"PVE_ERROR\",\"message\":\"Proxmox: HTTP 500: CT is locked\"},\"commandId\":\"c-1\"}"));
        assertThat(reporter.pendingCount()).isEqualTo(1);

        controlPlane = FakeControlPlane.start(port);

        Await.until("the result to be delivered", () -> !Files.exists(file("c-1")));
        Received delivered = controlPlane.received("/result").get(0);
        assertThat(delivered.path()).isEqualTo("/api/v1/agent/commands/c-1/result");
        assertThat(json(delivered.body())).isEqualTo(json("{\"status\":\"failed\",\"result\":null,"
                + "\"error\":{\"code\":\"PVE_ERROR\",\"message\":\"Proxmox: HTTP 500: CT is locked\"}}"));
        assertThat(reporter.pendingCount()).isZero();
        assertThat(outboxFiles()).isEmpty();
    }

    @Test
    void afterARestartPendingResultsGoOutFirst() throws Exception {
        ResultReporter before = reporter("http://127.0.0.1:" + freePort());
        before.start();
        before.report(CommandResult.succeeded("c-1", json("{\"n\":1}")));
        before.report(CommandResult.cancelled("c-2"));
        before.stop();
        assertThat(outboxFiles()).hasSize(2);

        controlPlane = FakeControlPlane.start();
        reporter = reporter(controlPlane.url());
        assertThat(reporter.holds("c-1")).isTrue();
        reporter.start();
        reporter.report(CommandResult.succeeded("c-3", json("{\"n\":3}")));

        Await.until("three results", () -> controlPlane.received("/result").size() == 3);
        List<String> order = controlPlane.received("/result").stream().map(Received::path).toList();
        assertThat(order.get(2)).isEqualTo("/api/v1/agent/commands/c-3/result");
        assertThat(order).contains("/api/v1/agent/commands/c-1/result", "/api/v1/agent/commands/c-2/result");
        Await.until("an empty outbox", () -> reporter.pendingCount() == 0);
        assertThat(outboxFiles()).isEmpty();
    }

    @Test
    void aConflictOrAnUnknownCommandSettlesTheResult() throws Exception {
        controlPlane = FakeControlPlane.start();
        controlPlane.answer("c-1", "result", 409, "{\"code\":\"INVALID_STATE\",\"message\":\"already succeeded\"}");
        controlPlane.answer("c-2", "result", 404, "{\"code\":\"NOT_FOUND\",\"message\":\"no such command\"}");
        reporter = reporter(controlPlane.url());
        reporter.start();

        reporter.report(CommandResult.cancelled("c-1"));
        reporter.report(CommandResult.cancelled("c-2"));

        Await.until("both settled", () -> reporter.pendingCount() == 0);
        assertThat(file("c-1")).doesNotExist();
        assertThat(file("c-2")).doesNotExist();
        assertThat(controlPlane.received("/c-1/result")).hasSize(1);
        assertThat(controlPlane.received("/c-2/result")).hasSize(1);
    }

    @Test
    void aResultTheControlPlaneRefusesAsMalformedIsReportedFailedWithTheReason() throws Exception {
        controlPlane = FakeControlPlane.start();
        controlPlane.answer("c-1", "result", request -> request.body().contains("RESULT_REFUSED")
                ? new FakeControlPlane.Answer(200, "{}")
                : new FakeControlPlane.Answer(400, "{\"code\":\"VALIDATION_FAILED\",\"message\":"
                        + "\"error.code: must be at most 64 characters\"}"));
        reporter = reporter(controlPlane.url());
        reporter.start();

        reporter.report(CommandResult.failed("c-1", "X".repeat(80), "boom"));

        Await.until("the refusal reported instead", () -> reporter.pendingCount() == 0);
        List<Received> sent = controlPlane.received("/c-1/result");
        assertThat(sent).hasSize(2);
        JsonObject second = json(sent.get(1).body());
        assertThat(second.getJsonObject("error").getString("code")).isEqualTo("RESULT_REFUSED");
        assertThat(second.getJsonObject("error").getString("message")).contains("error.code: must be at most 64");
        assertThat(outboxFiles()).isEmpty();
    }

    @Test
    void aBare404FromAControlPlaneStillDeployingIsNotAVerdict() throws Exception {
        controlPlane = FakeControlPlane.start();
        controlPlane.answer("c-1", "result", 404, "<html><body>Not Found</body></html>");
        reporter = reporter(controlPlane.url());
        reporter.start();

        reporter.report(CommandResult.succeeded("c-1", json("{\"n\":1}")));

        Await.until("a retry", () -> controlPlane.received("/c-1/result").size() >= 2);
        assertThat(reporter.holds("c-1")).isTrue();
        assertThat(file("c-1")).exists();
    }

    @Test
    void aServerErrorKeepsTheResultForAnotherAttemptWithoutBlockingOthers() throws Exception {
        controlPlane = FakeControlPlane.start();
        controlPlane.answer("c-1", "result", 500, "{\"code\":\"INTERNAL\",\"message\":\"oops\"}");
        reporter = reporter(controlPlane.url());
        reporter.start();

        reporter.report(CommandResult.cancelled("c-1"));
        reporter.report(CommandResult.cancelled("c-2"));

        Await.until("c-2 delivered", () -> !Files.exists(file("c-2")));
        Await.until("c-1 retried", () -> controlPlane.received("/c-1/result").size() >= 3);
        assertThat(file("c-1")).exists();

        controlPlane.answer("c-1", "result", 200, "{}");
        Await.until("c-1 delivered", () -> !Files.exists(file("c-1")));
    }

    @Test
    void anUnreadableOutboxFileIsSetAsideNotFatal() throws Exception {
        Files.createDirectories(dataDir.resolve("outbox"));
        Files.writeString(file("c-bad"), "{not json");
        controlPlane = FakeControlPlane.start();
        reporter = reporter(controlPlane.url());

        reporter.start();
        reporter.report(CommandResult.cancelled("c-1"));

        Await.until("c-1 delivered", () -> !Files.exists(file("c-1")));
        assertThat(dataDir.resolve("outbox").resolve("c-bad.json.unreadable")).exists();
    }
}
