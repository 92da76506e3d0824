package io.corral.bench;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The enqueuers and emulated agents against a fake command bus, batch endpoints included. */
class LoadGeneratorTest {

    @Test
    void batchEnqueueAndBatchedAgentsRunEveryCommandOnce() throws Exception {
        run(AgentFleet.Protocol.BATCH, LifecycleLoad.Enqueue.BATCH);
    }

    @Test
    void singleEnqueueAndPerIdAgentsRunEveryCommandOnce() throws Exception {
        run(AgentFleet.Protocol.PER_ID, LifecycleLoad.Enqueue.SINGLE);
    }

    private static void run(AgentFleet.Protocol protocol, LifecycleLoad.Enqueue mode) throws Exception {
        try (FakeControlPlane cp = new FakeControlPlane(); AgentFleet fleet = new AgentFleet(new Api(cp.url(), 2, "test"))) {
            fleet.register("admin", 3, "t");
            fleet.protocol(protocol);
            fleet.startWorkers(2, 1, 50);
            Map<RequestCounts.Kind, Long> before = RequestCounts.snapshot();
            LifecycleLoad load = new LifecycleLoad(cp.url(), "op", fleet, new AtomicLong());
            load.startClosedLoop(mode, 4, 20, 200);
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (fleet.succeeded() < 300 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            load.stop();
            while (load.backlog() > 0 && System.nanoTime() < deadline + 10_000_000_000L) {
                Thread.sleep(20);
            }
            assertThat(fleet.stopWorkers(Duration.ofSeconds(10))).isTrue();
            Map<RequestCounts.Kind, Long> sent = RequestCounts.delta(before, RequestCounts.snapshot());

            assertThat(fleet.errors()).isEmpty();
            assertThat(load.errors()).isEmpty();
            assertThat(load.enqueued()).isGreaterThanOrEqualTo(300);
            assertThat(fleet.succeeded()).isEqualTo(load.enqueued()).isEqualTo(cp.succeeded.size());
            if (protocol == AgentFleet.Protocol.BATCH) {
                assertThat(sent.get(RequestCounts.Kind.ENQUEUE_BATCH)).isLessThan(load.enqueued());
                assertThat(sent).doesNotContainKeys(RequestCounts.Kind.START, RequestCounts.Kind.RESULT);
                assertThat(cp.startBatches.get()).isEqualTo(sent.get(RequestCounts.Kind.START_BATCH));
                assertThat(cp.resultBatches.get()).isEqualTo(sent.get(RequestCounts.Kind.RESULTS_BATCH));
                long[] calls = fleet.callCounts();
                assertThat(calls[1]).isEqualTo(load.enqueued());
            } else {
                assertThat(sent.get(RequestCounts.Kind.ENQUEUE)).isEqualTo(load.enqueued());
                assertThat(sent.get(RequestCounts.Kind.START)).isEqualTo(load.enqueued());
                assertThat(sent.get(RequestCounts.Kind.RESULT)).isEqualTo(load.enqueued());
            }
        }
    }
}
