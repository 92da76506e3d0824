package io.corral.container;

import io.corral.container.probe.RestartProbeReader;
import io.corral.container.probe.RestartProbeWriter;
import io.corral.maintenance.MaintenanceTask;
import io.corral.maintenance.TaskCatalog;
import io.corral.maintenance.TaskRun;
import io.corral.maintenance.TaskRunner;
import jakarta.annotation.Resource;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.BatchStatus;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.faces.push.Push;
import jakarta.faces.push.PushContext;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.sql.DataSource;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What needs the container but not the whole stack, in one deployment (each costs ~25 s): the
 * background tasks' once-per-slot guard, a batch job's restart from its checkpoint, and Faces push.
 * The test methods run inside Payara Micro, with the application's beans and data source.
 */
@ExtendWith(ArquillianExtension.class)
class ContainerIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String TASK = "auth-session-cleanup";
    private static final int INSTANCES = 6;

    @Deployment
    static WebArchive deployment() {
        File war = new File(System.getProperty("corral.it.war", "target/it-container/corral.war"));
        return ShrinkWrap.create(ZipImporter.class, "corral.war").importFrom(war).as(WebArchive.class)
                .addClasses(Await.class, RestartProbeReader.class, RestartProbeWriter.class)
                .addAsResource("probe/META-INF/batch-jobs/restart-probe.xml", "META-INF/batch-jobs/restart-probe.xml")
                .addAsWebResource("probe/push-probe.xhtml", "push-probe.xhtml");
    }

    @Inject
    TaskRunner runner;

    @Inject
    TaskCatalog catalog;

    @Inject
    @Push(channel = "changes")
    PushContext changes;

    @Inject
    HttpServletRequest request;

    @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
    ManagedThreadFactory threads;

    @Resource(lookup = "java:global/jdbc/corral")
    DataSource db;

    // --- the background tasks' guard: one run per schedule slot, whatever the number of instances

    @Test
    void aSlotFiredOnSeveralInstancesAtOnceRunsOnceAndTheNextSlotRunsAgain() throws Exception {
        MaintenanceTask task = catalog.get(TASK);
        Instant slot = Instant.parse("2001-01-01T00:00:00Z").plusSeconds(3600L * (System.nanoTime() % 100_000));

        List<Optional<TaskRun>> ticks = tickTogether(task, slot);

        assertEquals(1, ticks.stream().filter(Optional::isPresent).count(), "ticks that ran: " + ticks);
        assertEquals(INSTANCES - 1, ticks.stream().filter(Optional::isEmpty).count(), "ticks skipped: " + ticks);
        assertEquals(1, runsOf(slot), "task_run rows for the slot");
        awaitFinished(slot);
        assertEquals("succeeded", status(slot));

        assertTrue(runner.runScheduled(task, slot).isEmpty(), "a late tick of a slot that ran is skipped");
        assertEquals(1, runsOf(slot));

        Instant next = slot.plusSeconds(3600);
        assertTrue(runner.runScheduled(task, next).isPresent(), "the next slot runs");
        awaitFinished(next);
        assertEquals(1, runsOf(next));
        assertEquals("succeeded", status(next));
    }

    /** Each tick on its own managed thread, all released at once, as the timers of several instances. */
    private List<Optional<TaskRun>> tickTogether(MaintenanceTask task, Instant slot) throws Exception {
        CountDownLatch ready = new CountDownLatch(INSTANCES);
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Optional<TaskRun>>> results = new ArrayList<>();
        for (int i = 0; i < INSTANCES; i++) {
            CompletableFuture<Optional<TaskRun>> result = new CompletableFuture<>();
            results.add(result);
            threads.newThread(() -> {
                ready.countDown();
                try {
                    go.await();
                    result.complete(runner.runScheduled(task, slot));
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                }
            }).start();
        }
        assertTrue(ready.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS), "tick threads started");
        go.countDown();
        List<Optional<TaskRun>> ticks = new ArrayList<>();
        for (CompletableFuture<Optional<TaskRun>> result : results) {
            ticks.add(result.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        }
        return ticks;
    }

    private void awaitFinished(Instant slot) throws Exception {
        Await.until(TIMEOUT, "the run of " + slot + " finished", () -> !"running".equals(status(slot)));
    }

    private long runsOf(Instant slot) throws SQLException {
        return Long.parseLong(slotQuery("select count(*)::text from task_run where task = ? and scheduled_for = ?", slot));
    }

    private String status(Instant slot) throws SQLException {
        return slotQuery("select min(status) from task_run where task = ? and scheduled_for = ?", slot);
    }

    private String slotQuery(String sql, Instant slot) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, TASK);
            ps.setObject(2, java.time.OffsetDateTime.ofInstant(slot, java.time.ZoneOffset.UTC));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    // --- Jakarta Batch: a failed chunk, then a restart from the last checkpoint

    @Test
    void aJobRestartedAfterAFailedChunkResumesFromItsCheckpointAndWritesEachItemOnce() throws Exception {
        execute(RestartProbeWriter.TABLE);
        JobOperator jobs = BatchRuntime.getJobOperator();
        String run = UUID.randomUUID().toString();
        Properties parameters = new Properties();
        parameters.setProperty("run", run);
        parameters.setProperty("items", "10");
        parameters.setProperty("failAt", "8"); // in the third chunk (7, 8, 9): 7 is written, then rolled back

        long first = jobs.start("restart-probe", parameters);
        assertEquals(BatchStatus.FAILED, awaitEnd(jobs, first));
        assertEquals("1,2,3,4,5,6", items(run, first), "items of the failed execution (two chunks committed)");

        Properties restart = new Properties();
        restart.setProperty("run", run);
        restart.setProperty("items", "10");
        long second = jobs.restart(first, restart);
        assertEquals(BatchStatus.COMPLETED, awaitEnd(jobs, second));
        assertEquals(jobs.getJobInstance(first).getInstanceId(), jobs.getJobInstance(second).getInstanceId());
        assertEquals("7,8,9,10", items(run, second), "items of the restart: from the checkpoint on");
        assertEquals("1,2,3,4,5,6,7,8,9,10", items(run, null), "every item exactly once");
    }

    private static BatchStatus awaitEnd(JobOperator jobs, long execution) throws Exception {
        Await.until(TIMEOUT, "job execution " + execution + " ended", () -> switch (
                jobs.getJobExecution(execution).getBatchStatus()) {
            case COMPLETED, FAILED, STOPPED, ABANDONED -> true;
            default -> false;
        });
        return jobs.getJobExecution(execution).getBatchStatus();
    }

    /** The run's rows, in order, as "1,2,…" (a duplicate would show twice). */
    private String items(String run, Long execution) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select coalesce(string_agg(item::text, ',' order by item), '') from restart_probe_item "
                        + "where run = ? and (?::bigint is null or execution = ?::bigint)")) {
            ps.setString(1, run);
            ps.setObject(2, execution);
            ps.setObject(3, execution);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.execute();
        }
    }

    // --- Faces push: the console's "changes" channel over a real WebSocket

    @Test
    void theChangesChannelDeliversOverTheFacesPushEndpoint() throws Exception {
        String base = "127.0.0.1:" + request.getLocalPort() + request.getContextPath();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://" + base + "/push-probe.xhtml"))
                .timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode(), page.body());
        Matcher url = Pattern.compile("jakarta\\.faces\\.push/changes\\?[A-Za-z0-9_\\-.%]+").matcher(page.body());
        assertTrue(url.find(), "the page names the channel's WebSocket URL: " + page.body());

        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        WebSocket socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30))
                .buildAsync(URI.create("ws://" + base + "/" + url.group()), new Collector(received))
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        try {
            // sent directly through the channel's PushContext (resent until the endpoint has the new session)
            String probe = UUID.randomUUID().toString();
            awaitMessage(received, probe, () -> changes.send(Map.of("probe", probe)));

            // and by the product: a new task run moves the "tasks" watermark, which ConsoleChanges pushes
            runner.runNow(catalog.get(TASK), "push-probe");
            awaitMessage(received, "\"tasks\"", () -> { });
        } finally {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
    }

    private static void awaitMessage(BlockingQueue<String> received, String containing, Runnable send)
            throws Exception {
        List<String> seen = new ArrayList<>();
        Await.until(TIMEOUT, "a message containing " + containing + " (got " + seen + ")", () -> {
            send.run();
            String message = received.poll(1, TimeUnit.SECONDS);
            if (message != null) {
                seen.add(message);
            }
            return message != null && message.contains(containing);
        });
    }

    /** Whole text messages into a queue. */
    private record Collector(BlockingQueue<String> received) implements WebSocket.Listener {
        private static final ThreadLocal<StringBuilder> PARTS = ThreadLocal.withInitial(StringBuilder::new);

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            StringBuilder parts = PARTS.get();
            parts.append(data);
            if (last) {
                received.add(parts.toString());
                parts.setLength(0);
            }
            socket.request(1);
            return null;
        }
    }
}
