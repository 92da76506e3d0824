package io.corral.agent.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.corral.agent.Await;
import io.corral.pvesim.CloneKind;
import io.corral.pvesim.Guest;
import io.corral.pvesim.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Clone POSTs through the proxy against the simulator's real lock semantics, with clones short and
 * the QEMU lock timeout shorter still, so that any two clones of one template that overlapped would
 * fail ({@code can't lock file … got timeout}, {@code CT is locked (disk)}).
 */
class PveProxyCloneTest {

    private static final Duration CLONE = Duration.ofMillis(150);
    private static final Duration LOCK_TIMEOUT = Duration.ofMillis(50);

    private static ProxyFixture fixture(Duration clone, int queueLimit, UnaryOperator<ProxySettings> proxy) {
        return ProxyFixture.start(sim -> sim.cloneDuration(CloneKind.QEMU_LINKED, clone)
                .cloneDuration(CloneKind.QEMU_FULL, clone).cloneDuration(CloneKind.LXC, clone)
                .lockTimeout(LOCK_TIMEOUT), ProxyFixture.gateSettings(queueLimit), proxy);
    }

    @Test
    void withoutTheProxyConcurrentClonesCollide() throws Exception {
        // The control: the same traffic straight to "Proxmox" fails, so the tests below mean something.
        try (ProxyFixture f = fixture(Duration.ofMillis(500), 100, UnaryOperator.identity())) {
            PveApiClient direct = f.direct();
            String first = direct.post("/nodes/pve1/qemu/9000/clone", Map.of("newid", "500")).dataString();
            String second = direct.post("/nodes/pve1/qemu/9000/clone", Map.of("newid", "501")).dataString();
            PveApiClient.Response lxcFirst = direct.post("/nodes/pve2/lxc/9100/clone", Map.of("newid", "600"));
            PveApiClient.Response lxcSecond = direct.post("/nodes/pve2/lxc/9100/clone", Map.of("newid", "601"));

            assertThat(direct.awaitTask(first, 5000).field("exitstatus")).isEqualTo("OK");
            assertThat(direct.awaitTask(second, 5000).field("exitstatus")).contains("can't lock file").contains("got timeout");
            assertThat(lxcFirst.status()).isEqualTo(200);
            assertThat(lxcSecond.status()).isEqualTo(500);
            assertThat(lxcSecond.reason()).isEqualTo("CT is locked (disk)");
        }
    }

    @Test
    void twentyConcurrentQemuClonesOfOneTemplateAllSucceed() throws Exception {
        try (ProxyFixture f = fixture(CLONE, 100, UnaryOperator.identity())) {
            List<Integer> newids = runConcurrentClones(f, "/nodes/pve1/qemu/9000/clone", 1000, "name");

            assertAllCreated(f, newids);
        }
    }

    @Test
    void twentyConcurrentLxcClonesOfOneTemplateAllSucceed() throws Exception {
        try (ProxyFixture f = fixture(CLONE, 100, UnaryOperator.identity())) {
            List<Integer> newids = runConcurrentClones(f, "/nodes/pve2/lxc/9100/clone", 2000, "hostname");

            assertAllCreated(f, newids);
        }
    }

    /** 20 clients at once, each: POST the clone, then follow its UPID through the proxy to the end. */
    private static List<Integer> runConcurrentClones(ProxyFixture f, String path, int firstId, String nameParam)
            throws Exception {
        int clients = 20;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<String>> outcomes = new ArrayList<>();
            List<Integer> newids = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                int newid = firstId + i;
                newids.add(newid);
                outcomes.add(pool.submit((Callable<String>) () -> {
                    PveApiClient client = f.client();
                    go.await();
                    PveApiClient.Response posted = client.post(path,
                            Map.of("newid", String.valueOf(newid), nameParam, "clone-" + newid));
                    if (posted.status() != 200) {
                        return "POST " + posted.status() + " " + posted.reason();
                    }
                    String upid = posted.dataString();
                    assertThat(posted.body()).isEqualTo("{\"data\":\"" + upid + "\"}");
                    return client.awaitTask(upid, 30_000).field("exitstatus");
                }));
            }
            go.countDown();
            List<String> exits = new ArrayList<>();
            for (Future<String> outcome : outcomes) {
                exits.add(outcome.get());
            }
            assertThat(exits).as("exit status of every clone task").hasSize(clients).containsOnly("OK");
            return newids;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertAllCreated(ProxyFixture f, List<Integer> newids) {
        assertThat(f.sim.state().guests()).filteredOn(g -> newids.contains(g.vmid())).hasSize(newids.size())
                .allSatisfy(g -> assertThat(g.lock()).isNull());
        assertThat(f.sim.state().tasks()).filteredOn(t -> !Task.succeeded(t.exitStatus()))
                .as("failed tasks (lock errors)").isEmpty();
        Await.until("the gate freed every slot", () -> f.gate.stats().running() == 0);
    }

    @Test
    void aClientThatLeavesRightAfterItsUpidDoesNotFreeTheSlotEarly() throws Exception {
        Duration clone = Duration.ofMillis(1500);
        try (ProxyFixture f = fixture(clone, 100, UnaryOperator.identity())) {
            // A: posts the clone, reads the UPID and hangs up at once (as a client whose own wait ended).
            PveApiClient.Response a = f.client().postAndHangUp("/nodes/pve1/qemu/9001/clone", Map.of("newid", "700"));
            String upidA = a.dataString();
            assertThat(upidA).startsWith("UPID:pve1:");
            AtomicLong aStoppedAt = new AtomicLong();
            Thread watcher = new Thread(() -> {
                Task task = f.sim.state().task(upidA).orElseThrow();
                while (task.isRunning()) {
                    Thread.onSpinWait();
                }
                aStoppedAt.set(System.nanoTime());
            });
            watcher.start();

            // B: the same template right after; it must not reach Proxmox before A's task stopped.
            PveApiClient.Response b = f.client().post("/nodes/pve1/qemu/9001/clone", Map.of("newid", "701"));
            long bAnsweredAt = System.nanoTime();
            watcher.join(10_000);

            assertThat(b.status()).isEqualTo(200);
            assertThat(aStoppedAt.get()).as("A's task stopped").isNotZero();
            assertThat(bAnsweredAt).as("B was forwarded only after A's task stopped").isGreaterThan(aStoppedAt.get());
            PveApiClient client = f.client();
            assertThat(client.awaitTask(b.dataString(), 10_000).field("exitstatus")).isEqualTo("OK");
            assertThat(f.sim.state().task(upidA).orElseThrow().exitStatus()).isEqualTo("OK");
            assertThat(f.sim.state().guests()).extracting(Guest::vmid).contains(700, 701);
        }
    }

    @Test
    void aFullQueueIsRefusedWith503() throws Exception {
        try (ProxyFixture f = fixture(Duration.ofSeconds(3), 1, UnaryOperator.identity())) {
            PveApiClient.Response a = f.client().post("/nodes/pve1/qemu/9000/clone", Map.of("newid", "800"));
            assertThat(a.status()).isEqualTo(200);
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Future<PveApiClient.Response> b = pool.submit(
                        () -> f.client().post("/nodes/pve1/qemu/9000/clone", Map.of("newid", "801")));
                Await.until("B queued", () -> f.gate.stats().queued() == 1);

                // Another client (a ticket, not B's token), so that the whole proxy share is what is full.
                PveApiClient other = f.anonymous();
                assertThat(other.login("root@pam", "password").status()).isEqualTo(200);
                PveApiClient.Response c = other.post("/nodes/pve1/qemu/9000/clone", Map.of("newid", "802"));

                assertThat(c.status()).isEqualTo(503);
                assertThat(c.reason()).isEqualTo("too many clone requests queued on the Corral agent (1)");
                assertThat(b.get().status()).as("B still gets its turn").isEqualTo(200);
                assertThat(f.sim.state().isVmidUsed(802)).isFalse();
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aRequestThatWaitsTooLongIsRefusedWith503() throws Exception {
        try (ProxyFixture f = fixture(Duration.ofSeconds(3), 100, s -> s.withCloneWait(Duration.ofMillis(500)))) {
            PveApiClient.Response a = f.client().post("/nodes/pve2/lxc/9100/clone", Map.of("newid", "810"));
            assertThat(a.status()).isEqualTo(200);

            long start = System.nanoTime();
            PveApiClient.Response b = f.client().post("/nodes/pve2/lxc/9100/clone", Map.of("newid", "811"));

            assertThat(b.status()).isEqualTo(503);
            assertThat(b.reason()).isEqualTo("timed out waiting for a clone slot");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(400), Duration.ofSeconds(2));
            assertThat(f.sim.state().isVmidUsed(811)).isFalse();
            assertThat(f.gate.stats().queued()).isZero();
        }
    }

    @Test
    void aCloneProxmoxRefusesFreesTheSlotAndRelaysTheRefusal() throws Exception {
        try (ProxyFixture f = fixture(CLONE, 100, UnaryOperator.identity())) {
            PveApiClient.Response taken = f.client().post("/nodes/pve1/qemu/9000/clone", Map.of("newid", "100"));

            assertThat(taken.status()).isEqualTo(500);
            assertThat(taken.reason()).isEqualTo("unable to create VM 100: config file already exists");
            assertThat(f.gate.stats().running()).isZero();
            PveApiClient.Response next = f.client().post("/nodes/pve1/qemu/9000/clone", Map.of("newid", "900"));
            assertThat(next.status()).isEqualTo(200);
        }
    }

    @Test
    void clonesOfDifferentTemplatesDoNotWaitForEachOther() throws Exception {
        try (ProxyFixture f = fixture(Duration.ofSeconds(3), 100, UnaryOperator.identity())) {
            long start = System.nanoTime();
            PveApiClient.Response a = f.client().post("/nodes/pve1/qemu/9000/clone", Map.of("newid", "910"));
            PveApiClient.Response b = f.client().post("/nodes/pve1/qemu/9001/clone", Map.of("newid", "911"));

            assertThat(a.status()).isEqualTo(200);
            assertThat(b.status()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        }
    }
}
