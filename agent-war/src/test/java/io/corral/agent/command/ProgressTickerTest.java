package io.corral.agent.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.corral.agent.Await;
import io.corral.agent.control.ControlPlaneClient;
import io.corral.agent.control.ControlPlaneSettings;
import io.corral.agent.control.FakeControlPlane;
import io.corral.agent.control.FakeControlPlane.Answer;
import io.corral.agent.executor.Progress;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Task log lines in progress reports: each sent once, in order, never repeated by the ticks; kept across a failed send. */
class ProgressTickerTest {

    private static final String ID = "c0ffee00-0000-4000-8000-000000000001";
    private FakeControlPlane controlPlane;
    private ScheduledExecutorService scheduler;
    private CommandChannel channel;

    @BeforeEach
    void start() {
        controlPlane = FakeControlPlane.start();
        scheduler = Executors.newScheduledThreadPool(2);
        channel = new CommandChannel(new ControlPlaneClient(
                new ControlPlaneSettings(controlPlane.url(), FakeControlPlane.TOKEN, Duration.ofSeconds(5))));
    }

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
        controlPlane.close();
    }

    private ProgressTicker ticker() {
        RunningCommand running = new RunningCommand(new Command(ID, "proxmox.clone", JsonValue.EMPTY_JSON_OBJECT, 5, 1,
                null, "2099-01-01T00:00:00Z", "2099-01-01T00:00:30Z"));
        return ProgressTicker.start(running, channel, scheduler, Duration.ofMillis(50), Progress.message("waiting"));
    }

    private List<JsonObject> sent() {
        List<JsonObject> out = new ArrayList<>();
        controlPlane.received(ID + "/progress")
                .forEach(r -> out.add(Json.createReader(new StringReader(r.body())).readObject()));
        return out;
    }

    private List<String> logLines() {
        List<String> lines = new ArrayList<>();
        for (JsonObject body : sent()) {
            if (body.containsKey("log")) {
                body.getJsonArray("log").forEach(v -> lines.add(((JsonString) v).getString()));
            }
        }
        return lines;
    }

    @Test
    void linesGoOnceInOrderAndTicksRepeatOnlyTheMessage() {
        try (ProgressTicker ticker = ticker()) {
            ticker.report(new Progress("clone: task running", "UPID:x", null, List.of("a", "b")));
            ticker.report(new Progress("clone: task running", "UPID:x", null, List.of("c")));
            Await.until("ticks after the lines", () -> sent().size() >= 5);
            ticker.report(new Progress("clone: task running", "UPID:x", null, List.of("d")));
        }

        assertThat(logLines()).containsExactly("a", "b", "c", "d");
        assertThat(sent()).allSatisfy(b -> assertThat(b.getString("message")).isIn("waiting", "clone: task running"));
    }

    @Test
    void closingSendsTheLastLinesBeforeItReturns() {
        try (ProgressTicker ticker = ticker()) {
            ticker.report(new Progress("clone: task running", "UPID:x", null, List.of("100%", "TASK OK")));
        }

        assertThat(logLines()).as("at once: the result goes out right after close").containsExactly("100%", "TASK OK");
    }

    @Test
    void linesRefusedByAnOutageAreSentWithTheNextRequest() {
        AtomicInteger calls = new AtomicInteger();
        controlPlane.answer(ID, "progress", r -> calls.incrementAndGet() == 1 ? new Answer(503, "{}")
                : new Answer(200, "{\"status\":\"ok\"}"));
        try (ProgressTicker ticker = ticker()) {
            ticker.report(new Progress("clone: task running", "UPID:x", null, List.of("first", "second")));
            Await.until("a retry", () -> calls.get() >= 2);
        }

        List<JsonObject> sent = sent();
        assertThat(sent.get(0).getJsonArray("log")).as("the refused request").hasSize(2);
        assertThat(logLines()).as("sent twice in all: refused once, then taken").containsExactly("first", "second",
                "first", "second");
    }
}
