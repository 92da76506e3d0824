package io.corral.agent.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.corral.agent.Await;
import io.corral.agent.clone.CloneGate;
import io.corral.agent.clone.CloneGateSettings;
import io.corral.pvesim.CloneKind;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Who may take a place in the clone gate's queue through the proxy: only callers whose credentials
 * Proxmox accepts, each within its own share, never in the share of the agent's own commands.
 */
class ProxyCloneAdmissionTest {

    private static final String CLONE_9000 = "/nodes/pve1/qemu/9000/clone";

    /** Clones take 3 s, so a second clone of template 9000 waits in the queue. */
    private static ProxyFixture fixture(CloneGateSettings gate) {
        return ProxyFixture.start(sim -> sim.cloneDuration(CloneKind.QEMU_LINKED, Duration.ofSeconds(3))
                .cloneDuration(CloneKind.QEMU_FULL, Duration.ofSeconds(3)), gate, UnaryOperator.identity());
    }

    private static CloneGateSettings gate(int commands, int proxyTotal, int perClient) {
        return CloneGateSettings.defaults().withQueueLimit(commands).withProxyQueue(proxyTotal, perClient)
                .withWatchInterval(Duration.ofMillis(50));
    }

    @Test
    void clonesWithoutOrWithBadCredentialsAreRefused401AndNeverQueued() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (ProxyFixture f = fixture(gate(1, 1, 1)); LogCapture log = new LogCapture()) {
            assertThat(f.client().post(CLONE_9000, Map.of("newid", "960")).status()).isEqualTo(200);
            Future<PveApiClient.Response> queued = pool.submit(() -> f.client().post(CLONE_9000, Map.of("newid", "961")));
            Await.until("a valid clone queued", () -> f.gate.stats().queued() == 1);

            PveApiClient.Response anonymous = f.anonymous().post(CLONE_9000, Map.of("newid", "962"));
            PveApiClient.Response badToken = f.anonymous().token(ProxyFixture.TOKEN_ID + "=wrong")
                    .post(CLONE_9000, Map.of("newid", "963"));

            assertThat(anonymous.status()).isEqualTo(401);
            assertThat(badToken.status()).isEqualTo(401);
            assertThat(f.gate.stats().refusedQueueFull()).as("neither took a place in the queue").isZero();
            assertThat(queued.get().status()).isEqualTo(200);
            assertThat(f.sim.state().isVmidUsed(962)).isFalse();
            assertThat(f.sim.state().isVmidUsed(963)).isFalse();
            assertThat(log.lines()).anySatisfy(line -> assertThat(line).contains("from 127.0.0.1")
                    .contains("pve1/qemu/9000").contains("no credentials"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void oneClientCannotTakeMoreThanItsShareAndOthersStillQueue() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (ProxyFixture f = fixture(gate(10, 10, 1))) {
            assertThat(f.client().post(CLONE_9000, Map.of("newid", "970")).status()).isEqualTo(200);
            Future<PveApiClient.Response> tokenWaits = pool.submit(() -> f.client().post(CLONE_9000, Map.of("newid", "971")));
            Await.until("the token's clone queued", () -> f.gate.stats().queued() == 1);

            PveApiClient.Response tokenAgain = f.client().post(CLONE_9000, Map.of("newid", "972"));
            PveApiClient ticket = f.anonymous();
            assertThat(ticket.login("root@pam", "password").status()).isEqualTo(200);
            Future<PveApiClient.Response> ticketWaits = pool.submit(() -> ticket.post(CLONE_9000, Map.of("newid", "973")));

            assertThat(tokenAgain.status()).isEqualTo(503);
            assertThat(tokenAgain.reason()).isEqualTo("too many clone requests of this client queued on the Corral agent (1)");
            Await.until("another client's clone queued all the same", () -> f.gate.stats().queued() == 2);
            assertThat(tokenWaits.get().status()).isEqualTo(200);
            assertThat(ticketWaits.get().status()).isEqualTo(200);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void proxyClientsNeverTakeThePlacesOfTheAgentsOwnCloneCommands() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (ProxyFixture f = fixture(gate(1, 1, 1))) {
            assertThat(f.client().post(CLONE_9000, Map.of("newid", "980")).status()).isEqualTo(200);
            Future<PveApiClient.Response> proxyWaits = pool.submit(() -> f.client().post(CLONE_9000, Map.of("newid", "981")));
            Await.until("the proxy's share is full", () -> f.gate.stats().queued() == 1);

            // What the proxmox.clone executor does: it waits in the commands' share.
            Throwable command = null;
            try {
                f.gate.acquire("pve1", 9000, null, Duration.ofMillis(200), null).release();
            } catch (TimeoutException | CloneGate.QueueFullException e) {
                command = e;
            }

            assertThat(command).as("the command waited for its turn rather than finding the queue full")
                    .isInstanceOf(TimeoutException.class);
            assertThat(proxyWaits.get().status()).isEqualTo(200);
        } finally {
            pool.shutdownNow();
        }
    }
}
