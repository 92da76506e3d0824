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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
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
        return reporter(url, BatchSupport.RECHECK);
    }

    /** With how long a control plane without the batch endpoint is not asked for it again. */
    private ResultReporter reporter(String url, Duration batchRecheck) {
        ControlPlaneClient client = new ControlPlaneClient(
                new ControlPlaneSettings(url, FakeControlPlane.TOKEN, Duration.ofSeconds(5)));
        return new ResultReporter(new ResultOutbox(dataDir), new CommandChannel(client, batchRecheck),
                () -> new Backoff(Duration.ofMillis(20), Duration.ofMillis(100)), Thread::new);
    }

    /** The command ids of the results sent, in the order sent (batches flattened). */
    private List<String> idsSent() {
        List<String> ids = new ArrayList<>();
        for (Received request : controlPlane.resultRequests()) {
            if (request.path().equals(FakeControlPlane.RESULT_BATCH)) {
                json(request.body()).getJsonArray("results").getValuesAs(JsonObject.class)
                        .forEach(item -> ids.add(item.getString("id")));
            } else {
                ids.add(request.path().split("/")[5]);
            }
        }
        return ids;
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
        Received delivered = controlPlane.resultRequests().get(0);
        assertThat(delivered.path()).isEqualTo("/api/v1/agent/commands/results");
        assertThat(json(delivered.body())).isEqualTo(json("{\"results\":[{\"id\":\"c-1\",\"status\":\"failed\","
                + "\"result\":null,\"error\":{\"code\":\"PVE_ERROR\",\"message\":\"Proxmox: HTTP 500: CT is locked\"}}]}"));
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

        Await.until("three results", () -> idsSent().size() == 3);
        List<String> order = idsSent();
        assertThat(order.get(2)).isEqualTo("c-3");
        assertThat(order).contains("c-1", "c-2");
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
        assertThat(controlPlane.resultsOf("c-1")).hasSize(1);
        assertThat(controlPlane.resultsOf("c-2")).hasSize(1);
    }

    @Test
    void itemsOfOneBatchAnswered409Or404LeaveTheOutboxLikeAcceptedOnes() throws Exception {
        ResultOutbox outbox = new ResultOutbox(dataDir);
        outbox.save(CommandResult.cancelled("c-1"));
        outbox.save(CommandResult.cancelled("c-2"));
        outbox.save(CommandResult.succeeded("c-3", json("{\"n\":3}")));
        controlPlane = FakeControlPlane.start();
        controlPlane.answer("c-1", "result", 409, "{\"code\":\"RESULT_CONFLICT\",\"message\":\"already succeeded\"}");
        controlPlane.answer("c-2", "result", 404, "{\"code\":\"NOT_FOUND\",\"message\":\"no such command\"}");
        reporter = reporter(controlPlane.url());

        reporter.start();

        Await.until("all settled", () -> reporter.pendingCount() == 0);
        assertThat(controlPlane.resultRequests()).hasSize(1);
        assertThat(idsSent()).containsExactlyInAnyOrder("c-1", "c-2", "c-3");
        assertThat(outboxFiles()).isEmpty();
    }

    @Test
    void manyPendingResultsGoOutInRequestsOfAtMost500() throws Exception {
        ResultOutbox outbox = new ResultOutbox(dataDir);
        for (int i = 1; i <= 600; i++) {
            outbox.save(CommandResult.succeeded("c-" + i, json("{\"n\":" + i + "}")));
        }
        controlPlane = FakeControlPlane.start();
        reporter = reporter(controlPlane.url());

        reporter.start();

        Await.until("all delivered", Duration.ofSeconds(30), () -> reporter.pendingCount() == 0);
        List<Integer> sizes = controlPlane.resultRequests().stream()
                .map(r -> json(r.body()).getJsonArray("results").size()).toList();
        System.out.println("600 results: " + sizes.size() + " result request(s) of " + sizes);
        assertThat(sizes).containsExactly(500, 100);
        assertThat(idsSent()).doesNotHaveDuplicates().hasSize(600);
        assertThat(outboxFiles()).isEmpty();
    }

    @Test
    void aBatchWithoutAnAnswerIsSentAgain() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        controlPlane = FakeControlPlane.start();
        controlPlane.answerBatch(FakeControlPlane.RESULT_BATCH, request -> attempts.incrementAndGet() <= 2
                ? new FakeControlPlane.Answer(503, "{\"code\":\"UNAVAILABLE\",\"message\":\"restarting\"}") : null);
        reporter = reporter(controlPlane.url());
        reporter.start();

        reporter.report(CommandResult.cancelled("c-1"));
        reporter.report(CommandResult.cancelled("c-2"));

        Await.until("both delivered", () -> reporter.pendingCount() == 0);
        assertThat(attempts.get()).isGreaterThanOrEqualTo(3);
        assertThat(controlPlane.received()).noneMatch(r -> r.path().endsWith("/result"));
        assertThat(outboxFiles()).isEmpty();
    }

    @Test
    void aControlPlaneWithoutTheBatchEndpointGetsOneRequestPerResultAndIsAskedAgainLater() throws Exception {
        controlPlane = FakeControlPlane.start().withoutBatchEndpoints(405);
        reporter = reporter(controlPlane.url(), Duration.ZERO);
        reporter.start();

        reporter.report(CommandResult.cancelled("c-1"));
        Await.until("c-1 delivered", () -> reporter.pendingCount() == 0);
        controlPlane.withBatchEndpoints();
        reporter.report(CommandResult.cancelled("c-2"));
        Await.until("c-2 delivered", () -> reporter.pendingCount() == 0);

        assertThat(controlPlane.received("/c-1/result")).hasSize(1);
        assertThat(controlPlane.received("/c-2/result")).isEmpty();
        assertThat(controlPlane.resultsOf("c-2")).hasSize(1);
        assertThat(controlPlane.received(FakeControlPlane.RESULT_BATCH)).hasSize(2);
        assertThat(outboxFiles()).isEmpty();
    }

    @Test
    void aResultTheControlPlaneRefusesAsMalformedIsReportedFailedWithTheReason() throws Exception {
        controlPlane = FakeControlPlane.start().withoutBatchEndpoints();
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
    void anItemOfABatchRefusedAsMalformedIsReportedFailedWithTheCode() throws Exception {
        controlPlane = FakeControlPlane.start();
        controlPlane.answer("c-1", "result", request -> request.body().contains("RESULT_REFUSED")
                ? new FakeControlPlane.Answer(200, "{}")
                : new FakeControlPlane.Answer(400, "{\"code\":\"VALIDATION_FAILED\",\"message\":\"too long\"}"));
        reporter = reporter(controlPlane.url());
        reporter.start();

        reporter.report(CommandResult.failed("c-1", "X".repeat(80), "boom"));

        Await.until("the refusal reported instead", () -> reporter.pendingCount() == 0);
        List<JsonObject> sent = controlPlane.resultsOf("c-1");
        assertThat(sent).hasSize(2);
        assertThat(sent.get(1).getJsonObject("error").getString("code")).isEqualTo("RESULT_REFUSED");
        assertThat(sent.get(1).getJsonObject("error").getString("message")).contains("VALIDATION_FAILED");
        assertThat(controlPlane.received()).noneMatch(r -> r.path().endsWith("/result"));
        assertThat(outboxFiles()).isEmpty();
    }

    @Test
    void aBare404FromAControlPlaneStillDeployingIsNotAVerdict() throws Exception {
        controlPlane = FakeControlPlane.start().withoutBatchEndpoints();
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
        controlPlane = FakeControlPlane.start().withoutBatchEndpoints();
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
