package io.corral.container;

import io.corral.container.probe.CommitFailureProbeResource;
import io.corral.container.probe.RestartProbeReader;
import io.corral.container.probe.RestartProbeWriter;
import io.corral.container.probe.ServletFailureProbe;
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
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

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
                .addClasses(Await.class, Rows.class, PushClient.class, RestartProbeReader.class, RestartProbeWriter.class,
                        CommitFailureProbeResource.class, ServletFailureProbe.class)
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
        Instant slot = Instant.parse("2001-01-01T00:00:00Z"); // a fresh database each run

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
        return Long.parseLong(new Rows(db).value("select count(*) from task_run where task = ? and scheduled_for = ?",
                TASK, OffsetDateTime.ofInstant(slot, ZoneOffset.UTC)));
    }

    private String status(Instant slot) throws SQLException {
        return new Rows(db).value("select min(status) from task_run where task = ? and scheduled_for = ?",
                TASK, OffsetDateTime.ofInstant(slot, ZoneOffset.UTC));
    }

    // --- Jakarta Batch: a failed chunk, then a restart from the last checkpoint

    @Test
    void aJobRestartedAfterAFailedChunkResumesFromItsCheckpointAndWritesEachItemOnce() throws Exception {
        new Rows(db).execute(RestartProbeWriter.TABLE);
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
        return new Rows(db).value("select coalesce(string_agg(item::text, ',' order by item), '') "
                + "from restart_probe_item where run = ? and (?::bigint is null or execution = ?::bigint)",
                run, execution, execution);
    }

    // --- Faces push: the console's "changes" channel over a real WebSocket

    @Test
    void theChangesChannelDeliversOverTheFacesPushEndpoint() throws Exception {
        String base = "127.0.0.1:" + request.getLocalPort() + request.getContextPath();
        try (PushClient client = PushClient.connect(base, "/push-probe.xhtml", "changes", TIMEOUT)) {
            String probe = UUID.randomUUID().toString();
            client.awaitMessage(probe, () -> changes.send(Map.of("probe", probe)));

            // the product's own push: a new task run moves the "tasks" mark, which ConsoleChanges sends
            runner.runNow(catalog.get(TASK), "push-probe");
            client.awaitMessage("\"tasks\"", () -> { });
        }
    }

    // --- errors past the exception mappers still answer an API client in JSON

    @Test
    void anApiRequestFailingAtCommitOrOutsideJaxRsAnswersJsonAndAPageAnswersHtml() throws Exception {
        // A problem raised at commit keeps its code and status; anything else is a 500 with an incident id.
        String base = "http://127.0.0.1:" + request.getLocalPort() + request.getContextPath();
        HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        for (String path : new String[] {"/api/v1/probe/commit-failure", "/api/v1/probe/servlet-failure"}) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + path))
                    .POST(HttpRequest.BodyPublishers.noBody()).timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(500, answer.statusCode(), path + ": " + answer.body());
            assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                    path + ": " + answer.headers().map());
            assertTrue(answer.body().matches("\\{\"code\":\"INTERNAL_ERROR\",\"message\":\"Unexpected error; incident [0-9a-f-]{36}\"}"),
                    path + ": " + answer.body());
        }
        HttpResponse<String> conflict = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/probe/commit-failure?as=conflict"))
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(409, conflict.statusCode(), conflict.body());
        assertEquals("{\"code\":\"PROBE_CONFLICT\",\"message\":\"probe: refused at commit\"}", conflict.body());
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/no-such-page.xhtml"))
                .timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), page.headers().map().toString());
        assertTrue(page.body().contains("Back to the console"), page.body());
    }
}
