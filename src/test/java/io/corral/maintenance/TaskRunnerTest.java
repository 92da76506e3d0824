package io.corral.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.corral.platform.db.SessionLocks;
import io.corral.platform.error.ApiException;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The runner's bookkeeping, with the lock and the run table in memory. */
class TaskRunnerTest {
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final Set<String> slots = ConcurrentHashMap.newKeySet();
    private final BlockingQueue<String> finished = new LinkedBlockingQueue<>();
    private TaskRunner runner;

    @BeforeEach
    void setUp() {
        runner = new TaskRunner();
        runner.clock = Clock.fixed(NOW, ZoneOffset.UTC);
        runner.threads = new ManagedThreadFactory() {
            @Override
            public Thread newThread(Runnable r) {
                return new Thread(r, "task-runner-test");
            }

            @Override
            public ForkJoinWorkerThread newThread(ForkJoinPool pool) {
                throw new UnsupportedOperationException();
            }
        };
        runner.locks = new SessionLocks() {
            @Override
            public Optional<Held> tryAcquire(String name) {
                return held.add(name) ? Optional.of(() -> held.remove(name)) : Optional.empty();
            }
        };
        runner.store = new TaskRunStore() {
            @Override
            public Optional<TaskRun> claim(String task, String trigger, Instant slot, String by, String instance) {
                if (slot != null && !slots.add(task + "@" + slot)) {
                    return Optional.empty();
                }
                return Optional.of(new TaskRun(UUID.randomUUID(), task, trigger, null, by, instance, "running",
                        OffsetDateTime.now(), null, null, null, "{}", null));
            }

            @Override
            public void finish(UUID id, String status, Integer seen, Integer acted, String detail, String error) {
                finished.add(status + " seen=" + seen + " acted=" + acted + " error=" + error + " detail=" + detail);
            }
        };
        runner.start();
    }

    @AfterEach
    void tearDown() {
        runner.stop();
    }

    private static MaintenanceTask task(String name, Runnable body) {
        return new MaintenanceTask() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String description() {
                return name;
            }

            @Override
            public String defaultSchedule() {
                return "every 1m";
            }

            @Override
            public TaskPlan plan(Instant now) {
                return new TaskPlan(3, List.of(new TaskAction("vm", UUID.randomUUID(), "w-1 (pve1/10001)", "hibernate",
                        "idle")), Map.of("at", now.toString()), null);
            }

            @Override
            public TaskResult run(TaskPlan plan, Instant now, String requestedBy) {
                body.run();
                return new TaskResult(plan.seen(), 1, List.of("w-2: AGENT_OFFLINE"), Map.of("by", requestedBy));
            }
        };
    }

    private String next() throws InterruptedException {
        String line = finished.poll(10, TimeUnit.SECONDS);
        assertThat(line).as("a run finished").isNotNull();
        return line;
    }

    @Test
    void aRunIsRecordedWithItsCountsActionsAndItemErrors() throws Exception {
        runner.runNow(task("hibernation", () -> { }), "admin");

        String line = next();
        assertThat(line).startsWith("succeeded seen=3 acted=1 error=null");
        assertThat(line).contains("\"actions\":[{").contains("\"w-1 (pve1/10001)\"").contains("w-2: AGENT_OFFLINE")
                .contains("\"by\":\"task:hibernation\"").contains("2026-11-29T12:00:00Z");
        Await.until(held::isEmpty);
    }

    @Test
    void aFailingRunIsRecordedWithItsErrorAndTheNextTickRunsNormally() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        MaintenanceTask flaky = task("destruction", () -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("database went away");
            }
        });

        assertThat(runner.runScheduled(flaky, NOW)).isPresent();
        assertThat(next()).startsWith("failed seen=null acted=null error=database went away");
        Await.until(held::isEmpty);
        assertThat(runner.runScheduled(flaky, NOW.plusSeconds(60))).isPresent();
        assertThat(next()).startsWith("succeeded");
        Await.until(held::isEmpty);
    }

    @Test
    void aSlotRunsOnceAndATaskNeverTwiceAtATime() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        MaintenanceTask slow = task("health-check", () -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        assertThat(runner.runScheduled(slow, NOW)).isPresent();
        assertThat(runner.runScheduled(slow, NOW)).as("another instance's tick while it runs").isEmpty();
        assertThatThrownBy(() -> runner.runNow(slow, "admin")).isInstanceOf(ApiException.class)
                .hasMessageContaining("running");
        release.countDown();
        next();
        Await.until(held::isEmpty);
        assertThat(runner.runScheduled(slow, NOW)).as("the same slot after the run").isEmpty();
        assertThat(runner.runScheduled(slow, NOW.plusSeconds(60))).isPresent();
        next();
    }

    /** Polls a condition for up to 10 s. */
    private static final class Await {
        static void until(java.util.function.BooleanSupplier done) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!done.getAsBoolean()) {
                assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
                Thread.sleep(5);
            }
        }
    }
}
