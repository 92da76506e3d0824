package io.corral.agent.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.corral.agent.Await;
import io.corral.agent.command.CommandStarter.Outcome;
import io.corral.agent.control.ControlPlaneClient;
import io.corral.agent.control.ControlPlaneSettings;
import io.corral.agent.control.FakeControlPlane;
import jakarta.json.Json;
import java.io.StringReader;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The shared start sender: what piles up goes in the next request, at most 500 ids each. */
class StartBatcherTest {

    private FakeControlPlane controlPlane;
    private StartBatcher batcher;
    private final ExecutorService workers = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        if (batcher != null) {
            batcher.stop();
        }
        workers.shutdownNow();
        if (controlPlane != null) {
            controlPlane.close();
        }
    }

    private StartBatcher batcher(String url) {
        ControlPlaneClient client = new ControlPlaneClient(
                new ControlPlaneSettings(url, FakeControlPlane.TOKEN, Duration.ofSeconds(5)));
        StartBatcher started = new StartBatcher(new CommandChannel(client),
                new Backoff(Duration.ofMillis(20), Duration.ofMillis(100)), Clock.systemUTC(), Thread::new);
        started.start();
        return started;
    }

    private static StartAttempt attempt(String id, Instant leaseEnds) {
        Command command = new Command(id, "test.echo", Json.createObjectBuilder().build(), 5, 1, null, null,
                leaseEnds.toString());
        return new StartAttempt(new RunningCommand(command), leaseEnds);
    }

    private Future<Optional<Outcome>> start(String id) {
        StartAttempt attempt = attempt(id, Instant.now().plusSeconds(30));
        return workers.submit(() -> batcher.start(attempt));
    }

    private static int idsIn(FakeControlPlane.Received request) {
        return Json.createReader(new StringReader(request.body())).readObject().getJsonArray("ids").size();
    }

    @Test
    void whatPilesUpWhileARequestIsInFlightGoesInTheNextOneAtMost500AtATime() throws Exception {
        controlPlane = FakeControlPlane.start();
        CountDownLatch release = new CountDownLatch(1);
        controlPlane.answerBatch(FakeControlPlane.START_BATCH, request -> {
            if (controlPlane.startRequests().size() == 1) {
                try {
                    release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return null;
        });
        batcher = batcher(controlPlane.url());
        List<Future<Optional<Outcome>>> outcomes = new ArrayList<>();
        outcomes.add(start("s-0"));
        Await.until("the first request", () -> controlPlane.startRequests().size() == 1);
        for (int i = 1; i <= 600; i++) {
            outcomes.add(start("s-" + i));
        }
        Await.until("600 waiting", () -> batcher.waiting() == 600);

        release.countDown();

        for (Future<Optional<Outcome>> outcome : outcomes) {
            assertThat(outcome.get(20, TimeUnit.SECONDS)).contains(Outcome.STARTED);
        }
        List<Integer> sizes = controlPlane.startRequests().stream().map(StartBatcherTest::idsIn).toList();
        System.out.println("601 starts: " + sizes.size() + " start request(s) of " + sizes);
        assertThat(sizes).containsExactly(1, 500, 100);
    }

    @Test
    void aStartNeverReceivedWithinTheLeaseIsRefusedNotUnconfirmed() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            batcher = batcher("http://127.0.0.1:" + socket.getLocalPort());
        }
        StartAttempt attempt = attempt("s-1", Instant.now().plusMillis(300));

        assertThat(workers.submit(() -> batcher.start(attempt)).get(10, TimeUnit.SECONDS)).contains(Outcome.REFUSED);
    }

    @Test
    void aControlPlaneWithoutTheBatchEndpointHandsEachCommandBackToBeStartedAlone() throws Exception {
        controlPlane = FakeControlPlane.start().withoutBatchEndpoints();
        batcher = batcher(controlPlane.url());

        assertThat(start("s-1").get(10, TimeUnit.SECONDS)).isEmpty();
        assertThat(start("s-2").get(10, TimeUnit.SECONDS)).isEmpty();
        assertThat(controlPlane.startRequests()).hasSize(1);
    }

    @Test
    void aBatchRefusedAsAWholeHandsItsCommandsBackButKeepsTheEndpoint() throws Exception {
        controlPlane = FakeControlPlane.start();
        controlPlane.answerBatch(FakeControlPlane.START_BATCH, request -> controlPlane.startRequests().size() == 1
                ? new FakeControlPlane.Answer(400, "{\"code\":\"VALIDATION_FAILED\",\"message\":\"ids[0]: not a UUID\"}")
                : null);
        batcher = batcher(controlPlane.url());

        assertThat(start("s-1").get(10, TimeUnit.SECONDS)).isEmpty();
        assertThat(start("s-2").get(10, TimeUnit.SECONDS)).contains(Outcome.STARTED);
        assertThat(controlPlane.startRequests()).hasSize(2);
    }

    @Test
    void stoppingReleasesTheWorkersThatWait() throws Exception {
        controlPlane = FakeControlPlane.start();
        CountDownLatch never = new CountDownLatch(1);
        controlPlane.answerBatch(FakeControlPlane.START_BATCH, request -> {
            try {
                never.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        });
        batcher = batcher(controlPlane.url());
        Future<Optional<Outcome>> first = start("s-1");
        Await.until("the first request", () -> controlPlane.startRequests().size() == 1);
        Future<Optional<Outcome>> second = start("s-2");
        Await.until("s-2 waiting", () -> batcher.waiting() == 1);

        batcher.stop();

        for (Future<Optional<Outcome>> outcome : List.of(first, second)) {
            Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> outcome.get(5, TimeUnit.SECONDS));
            assertThat(failure).hasCauseInstanceOf(InterruptedException.class);
        }
        never.countDown();
    }
}
