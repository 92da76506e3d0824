package io.corral.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.corral.launcher.Stack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/** The command bus against real PostgreSQL over real HTTP, agents played by the test. */
@ExtendWith(SharedStack.class)
@Order(5)
class CommandBusIT {
    private static Stack stack;
    private static Api admin;

    @BeforeAll
    static void connect() {
        stack = SharedStack.get();
        admin = new Api(stack.apiUrl(), stack.apiToken());
    }

    static String enqueue(EmulatedAgent agent, String type, String payload, String extra) {
        Api.Reply r = admin.post("/commands", "{\"agent\":\"" + agent.id + "\",\"type\":\"" + type
                + "\",\"payload\":" + payload + (extra.isEmpty() ? "" : "," + extra) + "}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().path("id").asText();
    }

    static JsonNode command(String id) {
        return admin.get("/commands/" + id).json();
    }

    static JsonNode awaitStatus(String id, String status, Duration timeout) {
        return Await.until(id + " " + status, timeout, () -> command(id), c -> status.equals(c.path("status").asText()));
    }

    @Test
    void fiftyConcurrentEnqueuesWithOneDedupeKeyMakeOneCommand() throws Exception {
        EmulatedAgent agent = EmulatedAgent.register(stack, admin, true);
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<CompletableFuture<Api.Reply>> replies = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                replies.add(CompletableFuture.supplyAsync(() -> admin.post("/commands", "{\"agent\":\"" + agent.id
                        + "\",\"type\":\"proxmox.start\",\"payload\":{\"node\":\"pve1\",\"vmid\":104},"
                        + "\"dedupeKey\":\"start-104\"}"), pool));
            }
            Set<String> ids = new HashSet<>();
            int created = 0;
            for (CompletableFuture<Api.Reply> f : replies) {
                Api.Reply r = f.get();
                assertThat(r.status()).as(r.body()).isIn(200, 201);
                created += r.status() == 201 ? 1 : 0;
                ids.add(r.json().path("id").asText());
            }
            assertThat(ids).hasSize(1);
            assertThat(created).isEqualTo(1);
            assertThat(admin.get("/commands?agent=" + agent.id).json().path("items").size()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void readOnlyTypesAreDedupedAndKeysConflictOnOtherPayloads() {
        EmulatedAgent agent = EmulatedAgent.register(stack, admin, true);
        String first = enqueue(agent, "proxmox.status", "{\"node\":\"pve1\",\"vmid\":100}", "");
        Api.Reply again = admin.post("/commands", "{\"agent\":\"" + agent.name + "\",\"type\":\"proxmox.status\","
                + "\"payload\":{\"vmid\":100,\"node\":\"pve1\"}}");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("id").asText()).isEqualTo(first);

        Api.Reply keyed = admin.send("POST", "/commands", "application/json", "{\"agent\":\"" + agent.id
                + "\",\"type\":\"proxmox.start\",\"payload\":{\"node\":\"pve1\",\"vmid\":101}}");
        assertThat(keyed.status()).isEqualTo(201);
        Api.Reply conflict = admin.post("/commands", "{\"agent\":\"" + agent.id + "\",\"type\":\"proxmox.start\","
                + "\"payload\":{\"node\":\"pve1\",\"vmid\":102},\"dedupeKey\":\"k1\"}");
        assertThat(conflict.status()).isEqualTo(201);
        Api.Reply clash = admin.post("/commands", "{\"agent\":\"" + agent.id + "\",\"type\":\"proxmox.start\","
                + "\"payload\":{\"node\":\"pve1\",\"vmid\":103},\"dedupeKey\":\"k1\"}");
        assertThat(clash.status()).isEqualTo(409);
        assertThat(clash.json().path("code").asText()).isEqualTo("DEDUPE_CONFLICT");
    }

    @Test
    void cancelRacingResultRacingExpiryEndsInExactlyOneFinalState() throws Exception {
        EmulatedAgent agent = EmulatedAgent.register(stack, admin, true);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        int runs = 0;
        try {
            for (int batch = 0; batch < 10; batch++) {
                runs += raceOneBatch(agent, pool, batch, 20);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(runs).isEqualTo(200);
    }

    /** 20 leased commands; for each, a cancel and a result fire at the same moment, spread around expiry. */
    private int raceOneBatch(EmulatedAgent agent, ExecutorService pool, int batch, int size) throws Exception {
        OffsetDateTime expiry = OffsetDateTime.now().plusNanos(1_500_000_000L);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            ids.add(enqueue(agent, "proxmox.start", "{\"node\":\"pve1\",\"vmid\":" + (1000 + batch * size + i)
                    + "}", "\"expiresAt\":\"" + expiry + "\""));
        }
        Set<String> leased = new HashSet<>(ids(agent.next(1, size)));
        assertThat(leased).as("all leased before expiry").containsExactlyInAnyOrderElementsOf(ids);
        long untilExpiry = Duration.between(OffsetDateTime.now(), expiry).toMillis();
        List<CompletableFuture<String>> outcomes = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            String id = ids.get(i);
            long at = untilExpiry - 400 + i * 800L / size; // from 400 ms before to 400 ms after expiry
            CompletableFuture<Api.Reply> cancel = CompletableFuture.supplyAsync(() -> {
                pause(at);
                return admin.post("/commands/" + id + "/cancel", "");
            }, pool);
            CompletableFuture<Api.Reply> result = CompletableFuture.supplyAsync(() -> {
                pause(at);
                return agent.succeed(id, "{\"ok\":true}");
            }, pool);
            outcomes.add(cancel.thenCombine(result, (c, r) -> c.status() + "/" + r.status()));
        }
        for (int i = 0; i < size; i++) {
            String id = ids.get(i);
            String outcome = outcomes.get(i).get();
            assertThat(outcome).as("cancel and result both accepted for " + id).isNotEqualTo("200/200");
            JsonNode c = Await.until("final " + id, Duration.ofSeconds(10), () -> command(id),
                    n -> Set.of("succeeded", "cancelled", "expired").contains(n.path("status").asText()));
            String status = c.path("status").asText();
            if (outcome.startsWith("200/")) {
                assertThat(status).as(outcome).isEqualTo("cancelled");
            } else if (outcome.endsWith("/200")) {
                assertThat(status).as(outcome).isEqualTo("succeeded");
            } else {
                assertThat(status).as(outcome).isEqualTo("expired");
            }
            int finals = 0;
            for (JsonNode e : admin.get("/commands/" + id + "/events").json().path("items")) {
                finals += Set.of("succeeded", "cancelled", "expired", "failed").contains(e.path("to").asText()) ? 1 : 0;
            }
            assertThat(finals).as("final transitions of " + id).isEqualTo(1);
        }
        return size;
    }

    @Test
    void aHeldPollIsAnsweredRightAfterTheEnqueueCommits() throws Exception {
        EmulatedAgent agent = EmulatedAgent.register(stack, admin, true);
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            CompletableFuture<Long> delivered = CompletableFuture.supplyAsync(() -> {
                List<JsonNode> got = agent.next(20, 10);
                assertThat(got).hasSize(1);
                return System.nanoTime();
            });
            pause(400); // let the poll get parked: the case under test is a held poll
            String id = enqueue(agent, "proxmox.start", "{\"node\":\"pve1\",\"vmid\":" + (2000 + i) + "}", "");
            long committed = System.nanoTime();
            long at = delivered.get();
            latencies.add(Math.max(0, (at - committed) / 1_000_000));
            agent.start(id);
            agent.succeed(id, "{}");
        }
        latencies.sort(Long::compare);
        assertThat(latencies.get(latencies.size() / 2)).as("median ms " + latencies).isLessThanOrEqualTo(50);
        assertThat(latencies.get(latencies.size() - 1)).as("max ms " + latencies).isLessThan(500);
    }

    @Test
    void pollsAndWaitsOnOneInstanceAreAnsweredByChangesOnAnother() throws Exception {
        EmulatedAgent agent = EmulatedAgent.register(stack, admin, true);
        stack.startSecondControlPlane();
        try {
            Api[] agentApis = {agent.api, new Api(stack.secondControlPlaneUrl() + "/api/v1/", agent.token)};
            Api[] adminApis = {admin, new Api(stack.secondControlPlaneUrl() + "/api/v1/", stack.apiToken())};
            for (int held = 0; held < 2; held++) {
                Api pollOn = agentApis[held];
                Api enqueueOn = adminApis[1 - held];
                CompletableFuture<Api.Reply> poll = CompletableFuture.supplyAsync(
                        () -> pollOn.get("/agent/commands/next?wait=20&max=10"));
                pause(400); // the poll is held on one instance; the command is queued on the other
                long t0 = System.nanoTime();
                Api.Reply queued = enqueueOn.post("/commands", "{\"agent\":\"" + agent.id
                        + "\",\"type\":\"proxmox.start\",\"payload\":{\"node\":\"pve1\",\"vmid\":" + (150 + held) + "}}");
                assertThat(queued.status()).as(queued.body()).isEqualTo(201);
                String id = queued.json().path("id").asText();
                Api.Reply delivered = poll.get(10, java.util.concurrent.TimeUnit.SECONDS);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertThat(delivered.status()).as(delivered.body()).isEqualTo(200);
                assertThat(delivered.body()).contains(id);
                assertThat(ms).as("woken through the other instance, not by the end of the wait").isLessThan(3000);

                CompletableFuture<Api.Reply> waiter = CompletableFuture.supplyAsync(
                        () -> enqueueOn.get("/commands/" + id + "?wait=20"));
                pause(400);
                assertThat(agentApis[held].post("/agent/commands/" + id + "/result",
                        "{\"status\":\"succeeded\",\"result\":{}}").status()).isEqualTo(200);
                JsonNode finished = waiter.get(10, java.util.concurrent.TimeUnit.SECONDS).json();
                assertThat(finished.path("status").asText()).isEqualTo("succeeded");
            }
        } finally {
            stack.stopSecondControlPlane();
        }
    }

    @Test
    void anEmptyPollEndsWith204AtTheEndOfItsWait() {
        EmulatedAgent agent = EmulatedAgent.register(stack, admin, true);
        long t0 = System.nanoTime();
        Api.Reply r = agent.api.get("/agent/commands/next?wait=2");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(r.status()).isEqualTo(204);
        assertThat(ms).isBetween(1700L, 3000L);
    }

    @Test
    void anUnacknowledgedLeaseIsRequeuedThenFailsLeaseExpired() {
        EmulatedAgent agent = EmulatedAgent.register(stack, admin, true);
        String id = enqueue(agent, "proxmox.start", "{\"node\":\"pve1\",\"vmid\":105}", "\"maxAttempts\":2");
        assertThat(agent.next(5, 1)).extracting(c -> c.path("attempt").asInt()).containsExactly(1);
        JsonNode requeued = awaitStatus(id, "queued", Duration.ofSeconds(SharedStack.LEASE_SECONDS + 5));
        assertThat(requeued.path("attempt").asInt()).isEqualTo(1);
        assertThat(agent.next(5, 1)).extracting(c -> c.path("attempt").asInt()).containsExactly(2);
        JsonNode failed = awaitStatus(id, "failed", Duration.ofSeconds(SharedStack.LEASE_SECONDS + 5));
        assertThat(failed.path("error").path("code").asText()).isEqualTo("LEASE_EXPIRED");
        assertThat(admin.get("/commands/" + id + "/events").body()).contains("lease lapsed");
        assertThat(agent.start(id).status()).isEqualTo(409);
    }

    @Test
    void anUnconfirmedStartClosesOnlyACommandWhoseStartArrived() {
        EmulatedAgent agent = EmulatedAgent.register(stack, admin, true);
        String unconfirmed = "{\"status\":\"failed\",\"error\":{\"code\":\"START_UNCONFIRMED\",\"message\":\"x\"}}";
        String delivered = enqueue(agent, "proxmox.start", "{\"node\":\"pve1\",\"vmid\":130}", "");
        String started = enqueue(agent, "proxmox.start", "{\"node\":\"pve1\",\"vmid\":131}", "");
        assertThat(agent.next(5, 2)).hasSize(2);
        assertThat(agent.start(started).status()).isEqualTo(200);

        Api.Reply refused = agent.api.post("/agent/commands/" + delivered + "/result", unconfirmed);
        assertThat(refused.status()).as("a leased command was delivered anew: " + refused.body()).isEqualTo(409);
        assertThat(command(delivered).path("status").asText()).isEqualTo("leased");
        assertThat(agent.start(delivered).status()).isEqualTo(200);
        assertThat(agent.succeed(delivered, "{}").status()).isEqualTo(200);

        assertThat(agent.api.post("/agent/commands/" + started + "/result", unconfirmed).status()).isEqualTo(200);
        assertThat(command(started).path("error").path("code").asText()).isEqualTo("START_UNCONFIRMED");
    }

    @Test
    void queuedCommandsExpireWithinFiveSeconds() {
        EmulatedAgent agent = EmulatedAgent.register(stack, admin, true);
        String id = enqueue(agent, "proxmox.start", "{\"node\":\"pve1\",\"vmid\":106}", "\"expiresIn\":1");
        JsonNode expired = awaitStatus(id, "expired", Duration.ofSeconds(7));
        Duration late = Duration.between(OffsetDateTime.parse(expired.path("expiresAt").asText()),
                OffsetDateTime.parse(expired.path("finishedAt").asText()));
        assertThat(late).isLessThanOrEqualTo(Duration.ofSeconds(5));
        assertThat(agent.next(0, 10)).isEmpty();
    }

    @Test
    void runningWithoutProgressGoesStaleButProgressKeepsItAlive() {
        EmulatedAgent agent = EmulatedAgent.register(stack, admin, true);
        String silent = enqueue(agent, "proxmox.start", "{\"node\":\"pve1\",\"vmid\":107}", "\"staleAfterSeconds\":2");
        String chatty = enqueue(agent, "proxmox.start", "{\"node\":\"pve1\",\"vmid\":108}", "\"staleAfterSeconds\":2");
        List<JsonNode> got = agent.next(5, 2);
        assertThat(got).hasSize(2);
        assertThat(agent.start(silent).status()).isEqualTo(200);
        assertThat(agent.start(chatty).status()).isEqualTo(200);
        JsonNode stale = Await.until("stale", Duration.ofSeconds(8), () -> {
            assertThat(agent.progress(chatty, "still cloning").status()).isEqualTo(200);
            return command(silent);
        }, c -> "failed".equals(c.path("status").asText()));
        assertThat(stale.path("error").path("code").asText()).isEqualTo("STALE");
        assertThat(command(chatty).path("status").asText()).isEqualTo("running");
        assertThat(agent.succeed(chatty, "{}").status()).isEqualTo(200);
    }

    @Test
    void anotherAgentCannotSeeAckOrCompleteACommand() {
        EmulatedAgent owner = EmulatedAgent.register(stack, admin, true);
        EmulatedAgent other = EmulatedAgent.register(stack, admin, true);
        String id = enqueue(owner, "proxmox.start", "{\"node\":\"pve1\",\"vmid\":109}", "");
        assertThat(other.next(1, 10)).isEmpty();
        assertThat(other.start(id).status()).isEqualTo(404);
        assertThat(other.progress(id, "x").status()).isEqualTo(404);
        assertThat(other.succeed(id, "{}").status()).isEqualTo(404);
        assertThat(owner.next(1, 10)).hasSize(1);
        assertThat(other.start(id).status()).isEqualTo(404);
        assertThat(other.succeed(id, "{}").status()).isEqualTo(404);
        assertThat(owner.start(id).status()).isEqualTo(200);
        assertThat(owner.succeed(id, "{}").status()).isEqualTo(200);
        assertThat(owner.succeed(id, "{}").status()).as("the same result again").isEqualTo(200);
        Api.Reply conflicting = owner.api.post("/agent/commands/" + id + "/result",
                "{\"status\":\"failed\",\"error\":{\"code\":\"X\",\"message\":\"y\"}}");
        assertThat(conflicting.status()).isEqualTo(409);
    }

    @Test
    void offlineAgentsRefuseWorkUnlessAskedToQueue() {
        JsonNode created = admin.post("/agents", "{\"name\":\"lapsed-" + System.nanoTime() % 100000
                + "\",\"ttlSeconds\":1}").json();
        Api lapsed = new Api(stack.apiUrl(), created.path("token").asText());
        lapsed.post("/agent/heartbeat", "{\"capabilities\":" + EmulatedAgent.CAPABILITIES + "}");
        String agentId = created.path("id").asText();
        Await.until("lapsed agent offline", Duration.ofSeconds(5), () -> admin.get("/agents/" + agentId).json(),
                a -> "offline".equals(a.path("status").asText()));
        Api.Reply refused = admin.post("/commands", "{\"agent\":\"" + agentId
                + "\",\"type\":\"proxmox.list\",\"payload\":{}}");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().path("code").asText()).isEqualTo("AGENT_OFFLINE");
        Api.Reply queued = admin.post("/commands", "{\"agent\":\"" + agentId
                + "\",\"type\":\"proxmox.list\",\"payload\":{},\"queueIfOffline\":true}");
        assertThat(queued.status()).isEqualTo(201);
        assertThat(queued.json().path("status").asText()).isEqualTo("queued");
    }

    @Test
    void commandsSharingALockKeyNeverRunAtOnce() {
        EmulatedAgent agent = EmulatedAgent.register(stack, admin, true);
        String lock = "\"lockKey\":\"template:pve1/9000\"";
        String a = enqueue(agent, "proxmox.start", "{\"node\":\"pve1\",\"vmid\":110}", lock);
        String b = enqueue(agent, "proxmox.start", "{\"node\":\"pve1\",\"vmid\":111}", lock);
        String free = enqueue(agent, "proxmox.start", "{\"node\":\"pve1\",\"vmid\":112}", "");
        List<String> first = ids(agent.next(1, 10));
        assertThat(first).containsExactlyInAnyOrder(a, free);
        assertThat(agent.start(a).status()).isEqualTo(200);
        assertThat(agent.succeed(free, "{}").status()).isEqualTo(200);
        assertThat(agent.next(1, 10)).as("b waits while a holds the lock").isEmpty();
        agent.succeed(a, "{}");
        assertThat(ids(agent.next(2, 10))).containsExactly(b);
    }

    @Test
    void priorityOrdersDelivery() {
        EmulatedAgent agent = EmulatedAgent.register(stack, admin, true);
        String low = enqueue(agent, "proxmox.start", "{\"node\":\"pve1\",\"vmid\":113}", "\"priority\":1");
        String high = enqueue(agent, "proxmox.start", "{\"node\":\"pve1\",\"vmid\":114}", "\"priority\":9");
        assertThat(ids(agent.next(1, 1))).containsExactly(high);
        assertThat(ids(agent.next(1, 1))).containsExactly(low);
    }

    @Test
    void cancelOfQueuedIsImmediateOfRunningReachesTheAgent() {
        EmulatedAgent agent = EmulatedAgent.register(stack, admin, true);
        String queued = enqueue(agent, "proxmox.start", "{\"node\":\"pve1\",\"vmid\":115}", "\"priority\":0");
        String running = enqueue(agent, "proxmox.start", "{\"node\":\"pve1\",\"vmid\":116}", "\"priority\":9");
        assertThat(ids(agent.next(1, 1))).containsExactly(running);
        agent.start(running);
        Api.Reply c1 = admin.post("/commands/" + queued + "/cancel", "");
        assertThat(c1.status()).isEqualTo(200);
        assertThat(c1.json().path("status").asText()).isEqualTo("cancelled");
        Api.Reply c2 = admin.post("/commands/" + running + "/cancel", "");
        assertThat(c2.status()).isEqualTo(202);
        assertThat(c2.json().path("cancelRequested").asBoolean()).isTrue();
        Api.Reply poll = agent.api.get("/agent/commands/next?wait=5");
        assertThat(poll.json().path("cancellations").toString()).contains(running);
        assertThat(agent.api.post("/agent/commands/" + running + "/result", "{\"status\":\"cancelled\"}").status())
                .isEqualTo(200);
        assertThat(command(running).path("status").asText()).isEqualTo("cancelled");
        assertThat(admin.post("/commands/" + running + "/cancel", "").json().path("code").asText())
                .isEqualTo("INVALID_STATE");
    }

    @Test
    void waitingCallersShareTheFinalAnswer() throws Exception {
        EmulatedAgent agent = EmulatedAgent.register(stack, admin, true);
        String id = enqueue(agent, "proxmox.start", "{\"node\":\"pve1\",\"vmid\":117}", "");
        List<CompletableFuture<Api.Reply>> waiters = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            waiters.add(CompletableFuture.supplyAsync(() -> admin.get("/commands/" + id + "?wait=20")));
        }
        agent.next(2, 1);
        agent.start(id);
        long t0 = System.nanoTime();
        agent.succeed(id, "{\"vm\":117}");
        for (CompletableFuture<Api.Reply> w : waiters) {
            JsonNode c = w.get().json();
            assertThat(c.path("status").asText()).isEqualTo("succeeded");
            assertThat(c.path("result").path("vm").asInt()).isEqualTo(117);
        }
        assertThat((System.nanoTime() - t0) / 1_000_000).as("waiters answered promptly").isLessThan(2000);
        Api.Reply timedOut = admin.get("/commands/" + enqueue(agent, "proxmox.start",
                "{\"node\":\"pve1\",\"vmid\":118}", "") + "?wait=1");
        assertThat(timedOut.json().path("status").asText()).isEqualTo("queued");
    }

    private static List<String> ids(List<JsonNode> commands) {
        List<String> out = new ArrayList<>();
        commands.forEach(c -> out.add(c.path("id").asText()));
        return out;
    }

    static void pause(long millis) {
        try {
            Thread.sleep(Math.max(0, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
