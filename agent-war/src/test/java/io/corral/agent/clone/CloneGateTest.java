package io.corral.agent.clone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.corral.agent.Await;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The gate's rules, with a scripted task probe instead of Proxmox. */
class CloneGateTest {

    private final Map<String, CloneGate.TaskState> tasks = new ConcurrentHashMap<>();
    private final AtomicBoolean unreachable = new AtomicBoolean();
    private final CloneGate gate = new CloneGate(
            CloneGateSettings.defaults().withQueueLimit(3).withWatchInterval(Duration.ofMillis(10)),
            (node, upid) -> {
                if (unreachable.get()) {
                    throw new java.io.IOException("connection refused");
                }
                return tasks.getOrDefault(upid, CloneGate.TaskState.UNKNOWN);
            }, Executors.defaultThreadFactory());

    @AfterEach
    void close() {
        gate.close();
    }

    private static String upid(int n) {
        return "UPID:pve1:0000" + (1000 + n) + ":00000001:00000001:qmclone:9000:root@pam:";
    }

    @Test
    void oneCloneAtATimePerSource() throws Exception {
        CloneSlot first = gate.acquire("pve1", 9000, null, Duration.ofSeconds(1));

        assertThatThrownBy(() -> gate.acquire("pve1", 9000, "other", Duration.ofMillis(50)))
                .isInstanceOf(TimeoutException.class);
        // Another source, or the same VMID on another node, is not held up.
        gate.acquire("pve1", 9001, null, Duration.ofMillis(50)).release();
        gate.acquire("pve2", 9000, "other", Duration.ofMillis(50)).release();

        assertThat(first.release()).isTrue();
        gate.acquire("pve1", 9000, null, Duration.ofMillis(50)).release();
    }

    @Test
    void atMostNPerStorage() throws Exception {
        CloneSlot a = gate.acquire("pve1", 9000, "fast", Duration.ofSeconds(1));
        CloneSlot b = gate.acquire("pve1", 9001, "fast", Duration.ofSeconds(1));

        assertThatThrownBy(() -> gate.acquire("pve1", 9002, "fast", Duration.ofMillis(50)))
                .isInstanceOf(TimeoutException.class);
        CloneSlot elsewhere = gate.acquire("pve1", 9003, null, Duration.ofMillis(50));
        assertThat(gate.stats().runningByStorage()).containsEntry("fast", 2).containsEntry("default", 1);

        b.release();
        gate.acquire("pve1", 9002, "fast", Duration.ofMillis(50)).release();
        a.release();
        elsewhere.release();
        assertThat(gate.stats().running()).isZero();
    }

    @Test
    void waitersOfOneSourceAreServedInOrder() throws Exception {
        CloneSlot held = gate.acquire("pve1", 9000, null, Duration.ofSeconds(1));
        List<Integer> order = new CopyOnWriteArrayList<>();
        List<Thread> threads = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int n = i;
            Thread t = new Thread(() -> {
                try {
                    CloneSlot slot = gate.acquire("pve1", 9000, null, Duration.ofSeconds(5));
                    order.add(n);
                    slot.release();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            t.start();
            threads.add(t);
            Await.until("waiter " + n + " queued", () -> gate.stats().queued() == n + 1);
        }
        assertThat(gate.stats().queuedByTemplate()).containsEntry("pve1/9000", 3);

        held.release();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(order).containsExactly(0, 1, 2);
    }

    @Test
    void aFullQueueFailsFast() throws Exception {
        CloneSlot held = gate.acquire("pve1", 9000, null, Duration.ofSeconds(1));
        List<Thread> waiters = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Thread t = new Thread(() -> {
                try {
                    gate.acquire("pve1", 9000, null, Duration.ofSeconds(5)).release();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            t.start();
            waiters.add(t);
        }
        Await.until("3 queued", () -> gate.stats().queued() == 3);
        long started = System.nanoTime();

        assertThatThrownBy(() -> gate.acquire("pve1", 9000, null, Duration.ofSeconds(5)))
                .isInstanceOf(CloneGate.QueueFullException.class).hasMessageContaining("queue is full");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(500));
        assertThat(gate.stats().refusedQueueFull()).isEqualTo(1);
        // A clone whose slot is free right now is not refused, queue or not.
        gate.acquire("pve1", 9555, null, Duration.ZERO).release();
        held.release();
        for (Thread t : waiters) {
            t.join();
        }
    }

    @Test
    void aHandedOverSlotIsFreedOnlyWhenItsTaskStops() throws Exception {
        CloneSlot slot = gate.acquire("pve1", 9000, null, Duration.ofSeconds(1));
        tasks.put(upid(1), CloneGate.TaskState.RUNNING);
        slot.holdUntilStopped(upid(1));

        slot.close(); // the caller gives up
        assertThat(slot.release()).isFalse();
        assertThat(slot.awaitReleased(Duration.ofMillis(100))).isFalse();
        assertThatThrownBy(() -> gate.acquire("pve1", 9000, null, Duration.ofMillis(50)))
                .isInstanceOf(TimeoutException.class);
        assertThat(gate.stats().watching()).isEqualTo(1);

        tasks.put(upid(1), CloneGate.TaskState.STOPPED);
        assertThat(slot.awaitReleased(Duration.ofSeconds(2))).isTrue();
        gate.acquire("pve1", 9000, null, Duration.ofMillis(50)).release();
    }

    @Test
    void anUnreachableProxmoxNeverFreesASlot() throws Exception {
        CloneSlot slot = gate.acquire("pve1", 9000, null, Duration.ofSeconds(1));
        slot.holdUntilStopped(upid(2));
        unreachable.set(true);

        assertThat(slot.awaitReleased(Duration.ofMillis(200))).isFalse();

        unreachable.set(false);
        tasks.put(upid(2), CloneGate.TaskState.STOPPED);
        assertThat(slot.awaitReleased(Duration.ofSeconds(2))).isTrue();
    }

    @Test
    void aTaskProxmoxDoesNotKnowFreesItsSlotAfterSomePolls() throws Exception {
        CloneSlot slot = gate.acquire("pve1", 9000, null, Duration.ofSeconds(1));
        slot.holdUntilStopped(upid(3)); // never registered: UNKNOWN

        assertThat(slot.awaitReleased(Duration.ofSeconds(2))).isTrue();
    }

    @Test
    void theCallerMayReportTheStopItSaw() throws Exception {
        CloneSlot slot = gate.acquire("pve1", 9000, null, Duration.ofSeconds(1));
        slot.taskStopped(); // no UPID yet: ignored
        assertThat(slot.isReleased()).isFalse();
        tasks.put(upid(4), CloneGate.TaskState.RUNNING);
        slot.holdUntilStopped(upid(4));
        assertThatThrownBy(() -> slot.holdUntilStopped(upid(5))).isInstanceOf(IllegalStateException.class);

        slot.taskStopped();

        assertThat(slot.isReleased()).isTrue();
        assertThatThrownBy(() -> slot.holdUntilStopped(upid(4))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aWaiterThatGivesUpLeavesTheQueue() throws Exception {
        CloneSlot held = gate.acquire("pve1", 9000, null, Duration.ofSeconds(1));
        AtomicBoolean giveUp = new AtomicBoolean();
        new Thread(() -> {
            Await.until("queued", () -> gate.stats().queued() == 1);
            giveUp.set(true);
        }).start();

        assertThatThrownBy(() -> gate.acquire("pve1", 9000, null, Duration.ofSeconds(5), giveUp::get))
                .isInstanceOf(CancellationException.class);

        assertThat(gate.stats().queued()).isZero();
        assertThat(gate.stats().abandoned()).isEqualTo(1);
        held.release();
    }

    @Test
    void statsAsJson() throws Exception {
        CloneSlot slot = gate.acquire("pve1", 9000, "ceph", Duration.ofSeconds(1));

        assertThat(gate.stats().toJson().toString()).contains("\"running\":1").contains("\"pve1/9000\":1")
                .contains("\"ceph\":1").contains("\"perStorageLimit\":2").contains("\"queueLimit\":3");
        slot.release();
    }

    @Test
    void aProxyClientWaitsOnlyWithinItsShareAndTheCommandsKeepTheirs() throws Exception {
        CloneGate shared = new CloneGate(CloneGateSettings.defaults().withQueueLimit(1).withProxyQueue(3, 2)
                .withWatchInterval(Duration.ofMillis(10)), (node, upid) -> CloneGate.TaskState.RUNNING,
                Executors.defaultThreadFactory());
        AtomicBoolean done = new AtomicBoolean();
        List<Thread> waiters = new java.util.ArrayList<>();
        try {
            CloneSlot held = shared.acquire("pve1", 9000, null, Duration.ofSeconds(1));
            for (String client : List.of("token:a", "token:a", "token:b")) {
                int before = shared.stats().queued();
                Thread t = new Thread(() -> {
                    try {
                        shared.acquireFor(client, "pve1", 9000, null, Duration.ofSeconds(30), done::get);
                    } catch (Exception e) {
                        // left the queue
                    }
                });
                t.start();
                waiters.add(t);
                Await.until(client + " queued", () -> shared.stats().queued() == before + 1);
            }

            assertThatThrownBy(() -> shared.acquireFor("token:a", "pve1", 9000, null, Duration.ofSeconds(1), null))
                    .isInstanceOfSatisfying(CloneGate.QueueFullException.class, e -> {
                        assertThat(e.perClient()).isTrue();
                        assertThat(e.limit()).isEqualTo(2);
                    });
            assertThatThrownBy(() -> shared.acquireFor("token:c", "pve1", 9000, null, Duration.ofSeconds(1), null))
                    .isInstanceOfSatisfying(CloneGate.QueueFullException.class, e -> {
                        assertThat(e.perClient()).isFalse();
                        assertThat(e.limit()).isEqualTo(3);
                    });
            // The proxy clients' share is full; a command still waits for its turn.
            assertThatThrownBy(() -> shared.acquire("pve1", 9000, null, Duration.ofMillis(100)))
                    .isInstanceOf(TimeoutException.class);
            held.release();
        } finally {
            done.set(true);
            for (Thread t : waiters) {
                t.join(5000);
            }
            shared.close();
        }
    }
}
