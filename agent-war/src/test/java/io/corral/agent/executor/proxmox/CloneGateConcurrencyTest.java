package io.corral.agent.executor.proxmox;

import static org.assertj.core.api.Assertions.assertThat;

import io.corral.agent.clone.CloneGate;
import io.corral.agent.clone.CloneGateStats;
import io.corral.agent.clone.CloneGateSettings;
import io.corral.agent.clone.CloneSlot;
import io.corral.agent.executor.CancellationFlag;
import io.corral.agent.executor.CommandContext;
import io.corral.agent.executor.CommandFailure;
import io.corral.agent.executor.ExecutorRegistry;
import io.corral.agent.executor.ProgressReporter;
import io.corral.agent.pve.PveClient;
import io.corral.agent.pve.PveSettings;
import io.corral.agent.pve.PveTaskStatus;
import io.corral.pvesim.Guest;
import io.corral.pvesim.PveSimulator;
import io.corral.pvesim.Seed;
import io.corral.pvesim.Task;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Concurrent clones of one template against the simulator, whose QEMU lock timeout (2 ms here) is
 * far shorter than a clone (50 ms): without the gate, clones collide; with it, none does.
 */
class CloneGateConcurrencyTest {

    private PveSimulator sim;
    private PveClient pve;
    private CloneGate gate;

    @BeforeEach
    void start() {
        start(0.01);
    }

    /** A simulator running Proxmox's time at {@code timeFactor}, and a gate in front of it. */
    private void start(double timeFactor) {
        sim = PveSimulator.builder().port(0).seed(Seed.defaultSeed()).apiToken("root@pam!corral", "secret")
                .timeFactor(timeFactor).lockTimeout(Duration.ofMillis(200)).start();
        pve = new PveClient(PveSettings.of(sim.baseUrl(), "root@pam!corral=secret"));
        gate = CloneGate.forPve(pve, CloneGateSettings.defaults().withWatchInterval(Duration.ofMillis(20)),
                Executors.defaultThreadFactory());
    }

    /**
     * Full clones of 2 s instead of 200 ms, for the tests that look at a clone while it runs: on a
     * busy machine the test thread can lose 200 ms between two steps.
     */
    private void slowClones() {
        stop();
        start(0.1);
    }

    @AfterEach
    void stop() {
        gate.close();
        sim.close();
    }

    @Test
    void withoutTheGateTwoConcurrentClonesCollideOnTheTemplateLock() throws Exception {
        // Clones of 1 s here, so the second still meets the first's lock on a busy machine.
        try (PveSimulator slow = PveSimulator.builder().port(0).seed(Seed.defaultSeed())
                .apiToken("root@pam!corral", "secret").timeFactor(0.2).lockTimeout(Duration.ofMillis(200)).start()) {
            PveClient direct = new PveClient(PveSettings.of(slow.baseUrl(), "root@pam!corral=secret"));
            String first = direct.postForTask("/nodes/pve1/qemu/9000/clone", Map.of("newid", "300"));
            String second = direct.postForTask("/nodes/pve1/qemu/9000/clone", Map.of("newid", "301"));

            PveTaskStatus a = awaitStopped(direct, first);
            PveTaskStatus b = awaitStopped(direct, second);

            assertThat(a.exitstatus()).isEqualTo("OK");
            assertThat(b.exitstatus()).isEqualTo("can't lock file '/var/lock/qemu-server/lock-9000.conf' - got timeout");
            assertThat(slow.state().isVmidUsed(301)).isFalse();
        }
    }

    @Test
    void withTheGateTwentyConcurrentClonesOfOneTemplateAllSucceed() throws Exception {
        ExecutorRegistry executors = new ExecutorRegistry(ProxmoxExecutors.all(pve, gate, ProxmoxExecutorsTest.FAST));
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Future<JsonObject>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                int newid = 400 + i;
                results.add(pool.submit(() -> executors.find("proxmox.clone").orElseThrow().execute(new CommandContext(
                        "c-" + newid, json("{\"node\":\"pve1\",\"vmid\":9000,\"newid\":" + newid + ",\"name\":\"clone-"
                                + newid + "\"}"), ProgressReporter.NONE, new CancellationFlag()))));
            }
            List<Integer> made = new ArrayList<>();
            for (Future<JsonObject> result : results) {
                JsonObject clone = result.get();
                assertThat(clone.getString("exitstatus")).isEqualTo("OK");
                made.add(clone.getInt("newid"));
            }
            assertThat(made).containsExactlyElementsOf(java.util.stream.IntStream.range(400, 420).boxed().toList());
        } finally {
            pool.shutdownNow();
        }
        Map<Integer, Guest> guests = sim.state().guests().stream().collect(Collectors.toMap(Guest::vmid, g -> g));
        for (int newid = 400; newid < 420; newid++) {
            assertThat(guests).containsKey(newid);
            assertThat(guests.get(newid).name()).isEqualTo("clone-" + newid);
            assertThat(guests.get(newid).lock()).isNull();
        }
        List<Task> clones = sim.state().tasks().stream().filter(t -> t.upid().type().equals("qmclone")).toList();
        assertThat(clones).hasSize(20); // no retries were needed
        assertThat(clones).extracting(Task::exitStatus).containsOnly("OK");
        assertThat(clones).flatExtracting(Task::log).noneMatch(line -> line.contains("lock"));
        CloneGateStats stats = gate.stats();
        assertThat(stats.running()).isZero();
        assertThat(stats.queued()).isZero();
        assertThat(stats.granted()).isEqualTo(20);
        assertThat(stats.waitedMillis()).isPositive(); // 19 of them queued behind the template's one slot
    }

    @Test
    void aCallerThatAbandonsItsCloneDoesNotFreeTheSlotBeforeTheTaskStops() throws Exception {
        slowClones();
        CloneSlot first = gate.acquire("pve1", 9000, null, Duration.ofSeconds(1));
        String upid = pve.postForTask("/nodes/pve1/qemu/9000/clone", Map.of("newid", "500", "full", "1"));
        first.holdUntilStopped(upid);
        // The caller times out and gives up: closing or releasing its slot does nothing now.
        first.close();
        assertThat(first.release()).isFalse();
        assertThat(first.isReleased()).isFalse();

        long started = System.nanoTime();
        CloneSlot second = gate.acquire("pve1", 9000, null, Duration.ofSeconds(10));
        Duration waited = Duration.ofNanos(System.nanoTime() - started);

        Task task = sim.state().task(upid).orElseThrow();
        assertThat(task.isRunning()).isFalse();
        assertThat(task.exitStatus()).isEqualTo("OK");
        assertThat(waited).isGreaterThan(Duration.ofMillis(50));
        // ...and the second clone does not collide.
        String next = pve.postForTask("/nodes/pve1/qemu/9000/clone", Map.of("newid", "501"));
        second.holdUntilStopped(next);
        assertThat(awaitStopped(next).exitstatus()).isEqualTo("OK");
        assertThat(second.awaitReleased(Duration.ofSeconds(5))).isTrue();
        assertThat(Set.of(500, 501)).allMatch(sim.state()::isVmidUsed);
    }

    @Test
    void aCloneCommandCancelledAfterItsTaskStartedHoldsTheSlotUntilTheTaskStops() throws Exception {
        // The command dies (interrupted, as when the agent stops) while its clone runs: the gate's
        // watcher alone frees the slot, once Proxmox says the task stopped.
        slowClones();
        ExecutorRegistry executors = new ExecutorRegistry(ProxmoxExecutors.all(pve, gate, ProxmoxExecutorsTest.FAST));
        Thread command = new Thread(() -> {
            try {
                executors.find("proxmox.clone").orElseThrow().execute(new CommandContext("c-1",
                        json("{\"node\":\"pve1\",\"vmid\":9000,\"newid\":510,\"full\":true}"),
                        news -> {
                            if (news.upid() != null) {
                                Thread.currentThread().interrupt();
                            }
                        }, new CancellationFlag()));
            } catch (CommandFailure e) {
                assertThat(e.code()).isEqualTo("AGENT_STOPPED");
            }
        });
        command.start();
        command.join();
        assertThat(gate.stats().watching()).isEqualTo(1);
        Task clone = sim.state().tasks().stream().filter(t -> t.upid().type().equals("qmclone")).findFirst()
                .orElseThrow();
        assertThat(clone.isRunning()).isTrue();

        CloneSlot next = gate.acquire("pve1", 9000, null, Duration.ofSeconds(10));

        assertThat(clone.isRunning()).isFalse();
        next.release();
    }

    private PveTaskStatus awaitStopped(String upid) throws Exception {
        return awaitStopped(pve, upid);
    }

    private static PveTaskStatus awaitStopped(PveClient pve, String upid) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            PveTaskStatus status = pve.taskStatus("pve1", upid);
            if (!status.isRunning() || System.nanoTime() > deadline) {
                return status;
            }
            Thread.sleep(10);
        }
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }
}
