package io.corral.agent.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.corral.agent.Await;
import io.corral.agent.control.ControlPlaneClient;
import io.corral.agent.control.ControlPlaneSettings;
import io.corral.agent.control.FakeControlPlane;
import io.corral.agent.control.FakeControlPlane.Answer;
import io.corral.agent.control.FakeControlPlane.Received;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Worker loops, execution and result delivery over real HTTP against a control plane stand-in. */
class CommandBusTest {

    @TempDir
    Path dataDir;

    private FakeControlPlane controlPlane;
    private final TestExecutors executors = new TestExecutors();
    private CommandBus bus;

    @BeforeEach
    void start() {
        controlPlane = FakeControlPlane.start();
    }

    @AfterEach
    void stop() {
        if (bus != null) {
            bus.stop();
        }
        controlPlane.close();
    }

    private void startBus() {
        startBus(2);
    }

    private void startBus(int workerCapacity) {
        CommandBusSettings settings = new CommandBusSettings(2, workerCapacity, 1, 4, Map.of(), dataDir,
                Duration.ofMillis(100), Duration.ofMillis(20), Duration.ofMillis(200));
        ControlPlaneClient client = new ControlPlaneClient(
                new ControlPlaneSettings(controlPlane.url(), FakeControlPlane.TOKEN, Duration.ofSeconds(5)));
        bus = new CommandBus(settings, client, executors.registry(), Thread::new);
        bus.start();
    }

    private static String delivery(String id, String type, String payload) {
        return "{\"commands\":[{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"payload\":" + payload
                + ",\"priority\":5,\"attempt\":1,\"lockKey\":null,\"expiresAt\":\"2099-01-01T00:00:00Z\","
                + "\"leaseExpiresAt\":\"2099-01-01T00:00:30Z\",\"someNewField\":{\"a\":1}}],\"cancellations\":[]}";
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    /** The first result sent for the command, alone or in a batch, as the per-command body. */
    private JsonObject awaitResult(String id) {
        Await.until("a result for " + id, () -> !controlPlane.resultsOf(id).isEmpty());
        return controlPlane.resultsOf(id).get(0);
    }

    private static boolean isStartOf(Received request, String id) {
        return isAbout(request, id, FakeControlPlane.START_BATCH, "/start");
    }

    private static boolean isResultOf(Received request, String id) {
        return isAbout(request, id, FakeControlPlane.RESULT_BATCH, "/result");
    }

    // The per-command request for this id, or a batch naming it.
    private static boolean isAbout(Received request, String id, String batchPath, String action) {
        return request.path().equals("/api/v1/agent/commands/" + id + action)
                || request.path().equals(batchPath) && request.body().contains("\"" + id + "\"");
    }

    private Path outboxFile(String id) {
        return dataDir.resolve("outbox").resolve(id + ".json");
    }

    /** The position of the first request from {@code from} on that matches, or -1. */
    private int indexOf(Predicate<Received> matching, int from) {
        List<Received> all = List.copyOf(controlPlane.received());
        for (int i = from; i < all.size(); i++) {
            if (matching.test(all.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isPollWithoutHave(Received request) {
        return request.path().endsWith("/next") && have(request).isEmpty();
    }

    /** The polls received after the request at {@code index}. */
    private List<Received> pollsFrom(int index) {
        List<Received> all = List.copyOf(controlPlane.received());
        return all.subList(index + 1, all.size()).stream().filter(r -> r.path().endsWith("/next")).toList();
    }

    /** The ids of a poll's {@code have} parameter, which every poll carries. */
    private static List<String> have(Received poll) {
        String have = List.of(poll.query().split("&")).stream().filter(p -> p.startsWith("have=")).findFirst()
                .orElseThrow(() -> new AssertionError("no have in " + poll.query())).substring("have=".length());
        return have.isEmpty() ? List.of() : List.of(have.split(","));
    }

    @Test
    void pollsStartsExecutesAndReportsTheResult() {
        startBus();
        controlPlane.deliver(delivery("c-1", "test.echo", "{\"x\":1}"));

        JsonObject result = awaitResult("c-1");

        assertThat(result).isEqualTo(json("{\"status\":\"succeeded\",\"result\":{\"x\":1},\"error\":null}"));
        Received start = controlPlane.startRequests().get(0);
        assertThat(start.path()).isEqualTo("/api/v1/agent/commands/start");
        assertThat(start.method()).isEqualTo("POST");
        assertThat(start.contentType()).isEqualTo("application/json");
        assertThat(json(start.body())).isEqualTo(json("{\"ids\":[\"c-1\"]}"));
        assertThat(start.authorization()).isEqualTo("Bearer agent-token");
        Received report = controlPlane.resultRequests().get(0);
        assertThat(report.path()).isEqualTo("/api/v1/agent/commands/results");
        assertThat(json(report.body())).isEqualTo(json("{\"results\":[{\"id\":\"c-1\",\"status\":\"succeeded\","
                + "\"result\":{\"x\":1},\"error\":null}]}"));
        assertThat(controlPlane.received().indexOf(start)).isLessThan(controlPlane.received().indexOf(report));
        assertThat(controlPlane.startRequests()).hasSize(1);
        assertThat(controlPlane.resultRequests()).hasSize(1);
        Await.until("the outbox file to go", () -> !Files.exists(outboxFile("c-1")));
        assertThat(bus.inFlightIds()).isEmpty();
    }

    @Test
    void pollsAskForTheFreeCapacityWithAJitteredWait() {
        startBus();

        Await.until("a few polls", () -> controlPlane.received("/next").size() >= 4);

        assertThat(controlPlane.received("/next")).allSatisfy(poll -> {
            assertThat(poll.method()).isEqualTo("GET");
            assertThat(poll.query()).matches("wait=1&max=2&have=");
        });
        assertThat(WorkerLoop.jittered(25)).isBetween(22, 28);
        assertThat(WorkerLoop.jittered(60)).isBetween(54, 60);
    }

    @Test
    void aCommandOneLoopReceivedIsListedInTheOtherLoopsPollsUntilItsResultIsReported() {
        // One command per loop: the loop that takes c-20 cannot poll again until c-20 is over, so
        // every poll meanwhile is the other loop's. That loop's polls go out one after another, so
        // once one of them lists c-20 every later one must, until the result; a poll it built just
        // before c-20 arrived may still reach the server after the start, unlisted.
        startBus(1);
        controlPlane.deliver(delivery("c-20", "test.block", "{}"));
        Await.until("c-20 to be started", () -> controlPlane.startsOf("c-20") > 0);
        int started = indexOf(r -> isStartOf(r, "c-20"), 0);
        Await.until("a poll listing c-20", () -> indexOf(r -> isPollListing(r, "c-20"), started) >= 0);
        int listed = indexOf(r -> isPollListing(r, "c-20"), started);
        Await.until("two more polls", () -> pollsFrom(listed).size() >= 2);

        assertThat(pollsFrom(listed)).allSatisfy(poll -> assertThat(have(poll)).containsExactly("c-20"));

        bus.cancel(List.of("c-20"));
        awaitResult("c-20");
        int reported = indexOf(r -> isResultOf(r, "c-20"), 0);
        // Both loops poll again; a poll the other loop built before the result may still list it.
        Await.until("the last two polls without c-20", () -> {
            List<Received> polls = pollsFrom(reported);
            return polls.size() >= 3 && polls.subList(polls.size() - 2, polls.size()).stream()
                    .allMatch(CommandBusTest::isPollWithoutHave);
        });
        List<Received> after = pollsFrom(reported);
        int firstEmpty = after.indexOf(after.stream().filter(CommandBusTest::isPollWithoutHave).findFirst().orElseThrow());
        assertThat(after.subList(firstEmpty, after.size()).stream().filter(r -> isPollListing(r, "c-20")).count())
                .as("polls listing c-20 after one without it").isLessThanOrEqualTo(1);
    }

    private static boolean isPollListing(Received request, String id) {
        return request.path().endsWith("/next") && have(request).contains(id);
    }

    @Test
    void aCommandRefusedAtStartIsNoLongerListed() {
        controlPlane.answer("c-21", "start", 409, "{\"code\":\"INVALID_STATE\",\"message\":\"command is cancelled\"}");
        startBus();
        controlPlane.deliver(delivery("c-21", "test.echo", "{}"));
        Await.until("c-21 to be refused", () -> controlPlane.startsOf("c-21") > 0);
        int refused = indexOf(r -> isStartOf(r, "c-21"), 0);

        Await.until("a poll without c-21", () -> indexOf(CommandBusTest::isPollWithoutHave, refused) >= 0);
        assertThat(controlPlane.resultsOf("c-21")).isEmpty();
    }

    @Test
    void aStartAnsweredWith409IsNotExecuted() {
        controlPlane.answer("c-2", "start", 409, "{\"code\":\"INVALID_STATE\",\"message\":\"command is cancelled\"}");
        controlPlane.answer("c-3", "start", 404, "{\"code\":\"NOT_FOUND\",\"message\":\"no such command\"}");
        startBus();
        controlPlane.deliver(delivery("c-2", "test.echo", "{}"));
        controlPlane.deliver(delivery("c-3", "test.echo", "{}"));
        controlPlane.deliver(delivery("c-4", "test.echo", "{}"));

        awaitResult("c-4");

        assertThat(controlPlane.startsOf("c-2")).isEqualTo(1);
        assertThat(controlPlane.startsOf("c-3")).isEqualTo(1);
        assertThat(executors.executions).hasValue(1);
        assertThat(controlPlane.resultsOf("c-2")).isEmpty();
        assertThat(controlPlane.resultsOf("c-3")).isEmpty();
        assertThat(controlPlane.received("/c-2/progress")).isEmpty();
    }

    @Test
    void aStartWithoutAnswerIsRetriedWithinTheLease() {
        AtomicInteger starts = new AtomicInteger();
        controlPlane.answer("c-13", "start", request -> starts.incrementAndGet() == 1
                ? new Answer(503, "{\"code\":\"UNAVAILABLE\",\"message\":\"restarting\"}") : new Answer(200, "{}"));
        startBus();
        controlPlane.deliver(delivery("c-13", "test.echo", "{\"y\":2}"));

        assertThat(awaitResult("c-13").getString("status")).isEqualTo("succeeded");
        assertThat(controlPlane.startsOf("c-13")).isEqualTo(2);
    }

    @Test
    void aStartThatMayHaveArrivedButGetsNoVerdictWithinTheLeaseIsClosedNotExecuted() {
        controlPlane.answer("c-14", "start", request -> new Answer(502, null));
        startBus();
        String lease = Instant.now().plusSeconds(1).toString();
        controlPlane.deliver(delivery("c-14", "test.echo", "{}").replace("2099-01-01T00:00:30Z", lease));

        assertThat(awaitResult("c-14").getJsonObject("error").getString("code")).isEqualTo("START_UNCONFIRMED");
        assertThat(executors.executions).hasValue(0);
    }

    @Test
    void aStartThatMayHaveArrivedAndIsThenRefusedIsDroppedWithoutAResult() {
        // A start that arrived would have made it running (and is accepted again): a refusal means
        // the lease lapsed and it was queued again, to be delivered again.
        AtomicInteger starts = new AtomicInteger();
        controlPlane.answer("c-15", "start", request -> starts.incrementAndGet() == 1
                ? new Answer(502, null) : new Answer(409, "{\"code\":\"INVALID_STATE\",\"message\":\"queued\"}"));
        startBus();
        controlPlane.deliver(delivery("c-15", "test.echo", "{}"));

        Await.until("the second start", () -> controlPlane.startsOf("c-15") == 2);
        Await.until("c-15 no longer held", () -> !bus.inFlightIds().contains("c-15"));
        assertThat(executors.executions).hasValue(0);
        assertThat(controlPlane.resultsOf("c-15")).isEmpty();
    }

    @Test
    void aCancelFromAPollStopsARunningCommand() {
        startBus();
        controlPlane.deliver(delivery("c-5", "test.block", "{}"));
        Await.until("c-5 to be in flight", () -> bus.inFlightIds().contains("c-5"));

        controlPlane.deliver("{\"commands\":[],\"cancellations\":[\"c-5\",\"not-here\"]}");

        assertThat(awaitResult("c-5")).isEqualTo(json("{\"status\":\"cancelled\",\"result\":null,\"error\":null}"));
        Await.until("c-5 to leave the in-flight list", () -> bus.inFlightIds().isEmpty());
    }

    @Test
    void aCancelFromTheHeartbeatStopsARunningCommand() {
        startBus();
        controlPlane.deliver(delivery("c-6", "test.block", "{}"));
        Await.until("c-6 to be in flight", () -> bus.inFlightIds().contains("c-6"));

        bus.cancel(List.of("c-6"));

        assertThat(awaitResult("c-6").getString("status")).isEqualTo("cancelled");
    }

    @Test
    void aRunningCommandReportsProgressRegularly() {
        startBus();
        controlPlane.deliver(delivery("c-7", "test.block", "{}"));

        Await.until("three progress reports", () -> controlPlane.received("/c-7/progress").size() >= 3);
        bus.cancel(List.of("c-7"));
        awaitResult("c-7");

        List<JsonObject> progress = controlPlane.received("/c-7/progress").stream().map(r -> json(r.body())).toList();
        assertThat(progress).contains(json("{\"message\":\"waiting for the cancel\",\"upid\":null,\"percent\":null}"));
        assertThat(progress).allSatisfy(p -> assertThat(p.keySet()).containsExactlyInAnyOrder("message", "upid", "percent"));
    }

    @Test
    void aCommandTheControlPlaneNoLongerRunsIsStopped() {
        controlPlane.answer("c-8", "progress", 409, "{\"code\":\"INVALID_STATE\",\"message\":\"command is failed\"}");
        startBus();
        controlPlane.deliver(delivery("c-8", "test.block", "{}"));

        assertThat(awaitResult("c-8").getString("status")).isEqualTo("cancelled");
    }

    @Test
    void failuresAreTyped() {
        startBus();
        controlPlane.deliver(delivery("c-10", "proxmox.clone", "{}"));
        controlPlane.deliver(delivery("c-11", "test.boom", "{}"));
        controlPlane.deliver(delivery("c-12", "test.echo", "[1,2]"));

        assertThat(awaitResult("c-10").getJsonObject("error").getString("code")).isEqualTo("UNSUPPORTED_TYPE");
        assertThat(awaitResult("c-11")).isEqualTo(json("{\"status\":\"failed\",\"result\":null,"
                + "\"error\":{\"code\":\"INTERNAL\",\"message\":\"IllegalStateException: boom\"}}"));
        assertThat(awaitResult("c-12").getJsonObject("error"))
                .isEqualTo(json("{\"code\":\"INVALID_PAYLOAD\",\"message\":\"payload must be an object\"}"));
    }

    @Test
    void aCommandDeliveredAgainWhoseResultIsInTheOutboxIsNotExecutedAgain() throws Exception {
        new ResultOutbox(dataDir).save(CommandResult.succeeded("c-9", json("{\"done\":true}")));
        controlPlane.answer("c-9", "result", 503, "{\"code\":\"UNAVAILABLE\",\"message\":\"try later\"}");
        startBus();
        Await.until("a first delivery attempt", () -> !controlPlane.resultsOf("c-9").isEmpty());

        controlPlane.deliver(delivery("c-9", "test.echo", "{}"));
        Await.until("a poll to take it", () -> controlPlane.pendingDeliveries() == 0);
        int polls = controlPlane.received("/next").size();
        Await.until("more polls and delivery attempts", () -> controlPlane.received("/next").size() >= polls + 4);
        assertThat(controlPlane.startsOf("c-9")).isZero();
        controlPlane.answer("c-9", "result", 200, "{}");

        Await.until("the outbox file to go", () -> !Files.exists(outboxFile("c-9")));
        assertThat(controlPlane.startsOf("c-9")).isZero();
        assertThat(executors.executions).hasValue(0);
        assertThat(controlPlane.resultsOf("c-9")).allSatisfy(r ->
                assertThat(r).isEqualTo(json("{\"status\":\"succeeded\",\"result\":{\"done\":true},\"error\":null}")));
    }

    // ---- batches: starts and results of whatever piled up, one request at a time ----

    /** One poll answer carrying {@code count} echo commands {@code <prefix>-1 …}. */
    private static String deliveryOf(String prefix, int count) {
        StringBuilder commands = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            String one = delivery(prefix + "-" + i, "test.echo", "{\"n\":" + i + "}");
            commands.append(i == 1 ? "" : ",").append(one, one.indexOf('[') + 1, one.indexOf("],\"cancellations\""));
        }
        return "{\"commands\":[" + commands + "],\"cancellations\":[]}";
    }

    private void awaitResults(String prefix, int count) {
        Await.until(count + " results", Duration.ofSeconds(30), () -> IntStream.rangeClosed(1, count)
                .allMatch(i -> !controlPlane.resultsOf(prefix + "-" + i).isEmpty()));
        Await.until("an empty outbox", () -> bus.outboxPending() == 0);
    }

    @Test
    void manyCommandsDeliveredAtOnceAreStartedAndReportedWithFarFewerRequestsThanCommands() {
        startBus(50);
        controlPlane.deliver(deliveryOf("m", 100));

        awaitResults("m", 100);

        assertThat(executors.executions).hasValue(100);
        for (int i = 1; i <= 100; i++) {
            assertThat(controlPlane.startsOf("m-" + i)).as("starts of m-" + i).isEqualTo(1);
            assertThat(controlPlane.resultsOf("m-" + i)).as("results of m-" + i)
                    .containsExactly(json("{\"status\":\"succeeded\",\"result\":{\"n\":" + i + "},\"error\":null}"));
        }
        int starts = controlPlane.startRequests().size();
        int results = controlPlane.resultRequests().size();
        System.out.println("100 commands: " + starts + " start request(s), " + results + " result request(s)");
        assertThat(starts).as("start requests for 100 commands").isLessThanOrEqualTo(20);
        assertThat(results).as("result requests for 100 commands").isLessThanOrEqualTo(25);
        assertThat(controlPlane.startRequests()).allSatisfy(r -> assertThat(r.path()).endsWith("/commands/start"));
        assertThat(controlPlane.resultRequests()).allSatisfy(r -> assertThat(r.path()).endsWith("/commands/results"));
    }

    @Test
    void commandsRefusedInABatchAreNotExecuted() {
        controlPlane.answer("r-2", "start", 409, "{\"code\":\"INVALID_STATE\",\"message\":\"command is cancelled\"}");
        controlPlane.answer("r-5", "start", 404, "{\"code\":\"NOT_FOUND\",\"message\":\"no such command\"}");
        controlPlane.answer("r-9", "start", 409, "{\"code\":\"INVALID_STATE\",\"message\":\"command is expired\"}");
        startBus(10);
        controlPlane.deliver(deliveryOf("r", 10));

        Await.until("the other seven reported", () -> Stream.of(1, 3, 4, 6, 7, 8, 10)
                .allMatch(i -> !controlPlane.resultsOf("r-" + i).isEmpty()));
        Await.until("nothing held", () -> bus.inFlightIds().isEmpty() && bus.outboxPending() == 0);

        assertThat(executors.executions).hasValue(7);
        for (String refused : List.of("r-2", "r-5", "r-9")) {
            assertThat(controlPlane.startsOf(refused)).as(refused).isEqualTo(1);
            assertThat(controlPlane.resultsOf(refused)).as(refused).isEmpty();
        }
        assertThat(controlPlane.startRequests().size()).isLessThan(10);
    }

    @Test
    void aBatchWhoseRequestFailsIsSentAgainAndEachCommandRunsOnce() {
        AtomicInteger startBatches = new AtomicInteger();
        AtomicInteger resultBatches = new AtomicInteger();
        // Two start requests fail (one answered 503, one without an answer body), then one result request.
        controlPlane.answerBatch(FakeControlPlane.START_BATCH, request -> switch (startBatches.incrementAndGet()) {
            case 1 -> new Answer(503, "{\"code\":\"UNAVAILABLE\",\"message\":\"restarting\"}");
            case 2 -> new Answer(502, null);
            default -> null;
        });
        controlPlane.answerBatch(FakeControlPlane.RESULT_BATCH, request -> resultBatches.incrementAndGet() == 1
                ? new Answer(500, "{\"code\":\"INTERNAL\",\"message\":\"oops\"}") : null);
        startBus(10);
        controlPlane.deliver(deliveryOf("f", 20));

        awaitResults("f", 20);

        assertThat(executors.executions).hasValue(20);
        assertThat(startBatches.get()).isGreaterThanOrEqualTo(3);
        for (int i = 1; i <= 20; i++) {
            String id = "f-" + i;
            JsonObject succeeded = json("{\"status\":\"succeeded\",\"result\":{\"n\":" + i + "},\"error\":null}");
            assertThat(controlPlane.resultsOf(id)).as(id).isNotEmpty().allSatisfy(r -> assertThat(r).isEqualTo(succeeded));
        }
        // Which commands the two failed requests carried depends on timing; some were in both.
        assertThat(java.util.stream.IntStream.rangeClosed(1, 20).map(i -> controlPlane.startsOf("f-" + i)).max()
                .orElse(0)).as("a command of the failed requests was sent again").isGreaterThanOrEqualTo(3);
        assertThat(controlPlane.received()).noneMatch(r -> r.path().matches(".*/f-\\d+/(start|result)"));
    }

    @ParameterizedTest
    @ValueSource(ints = {404, 405})
    void aControlPlaneWithoutBatchEndpointsGetsEachStartAndResultAlone(int missing) {
        controlPlane.withoutBatchEndpoints(missing);
        controlPlane.answer("o-3", "start", 409, "{\"code\":\"INVALID_STATE\",\"message\":\"command is cancelled\"}");
        startBus(10);
        controlPlane.deliver(deliveryOf("o", 5));

        Await.until("four results", () -> Stream.of(1, 2, 4, 5).allMatch(i -> !controlPlane.resultsOf("o-" + i).isEmpty()));
        Await.until("nothing held", () -> bus.inFlightIds().isEmpty() && bus.outboxPending() == 0);
        controlPlane.deliver(deliveryOf("p", 3));
        awaitResults("p", 3);

        assertThat(executors.executions).hasValue(7);
        for (String id : List.of("o-1", "o-2", "o-3", "o-4", "o-5", "p-1", "p-2", "p-3")) {
            assertThat(controlPlane.received("/" + id + "/start")).as(id).hasSize(1);
            assertThat(controlPlane.received("/" + id + "/result")).as(id).hasSize(id.equals("o-3") ? 0 : 1);
        }
        // Asked once each, then remembered for this link (asked again after minutes).
        assertThat(controlPlane.received(FakeControlPlane.START_BATCH)).hasSize(1);
        assertThat(controlPlane.received(FakeControlPlane.RESULT_BATCH)).hasSize(1);
    }

    @Test
    void reportsHealthNumbers() {
        startBus();

        Await.until("both loops alive", () -> bus.workersAlive() == 2);
        assertThat(bus.outboxPending()).isZero();
        assertThat(bus.capabilities()).containsExactly("test.block", "test.boom", "test.echo");
        bus.stop();
        assertThat(bus.workersAlive()).isZero();
        bus = null;
    }
}
