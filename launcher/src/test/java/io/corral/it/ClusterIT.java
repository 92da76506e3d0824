package io.corral.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.corral.launcher.LaunchOptions;
import io.corral.launcher.Stack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two control-plane instances joined as one Payara Micro cluster on one PostgreSQL, the agent
 * behind a load balancer in front of both, on a stack of its own (these tests kill its parts):
 * work queued on one instance reaches an agent polling the other, and killing an instance, the
 * agent or restarting PostgreSQL under load loses no command and ends each in exactly one
 * final state. Figures are printed for the record.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
    private static final int LEASE_SECONDS = 5;
    private static Stack stack;
    private static Balancer balancer;
    private static Api onA;
    private static Api onB;

    @BeforeAll
    static void startTwoInstancesBehindABalancer() throws Exception {
        Path dataDir = Files.createTempDirectory("corral-cluster-it-");
        Stack[] holder = new Stack[1];
        // The launcher names the instances control-plane and control-plane-2 (CORRAL_INSTANCE_NAME).
        balancer = new Balancer(List.of(() -> holder[0] == null ? 0 : holder[0].httpPort(),
                () -> holder[0] == null ? 0 : holder[0].secondHttpPort()), List.of("control-plane", "control-plane-2"));
        LaunchOptions options = LaunchOptions.forTests(dataDir)
                .stackDir(Path.of("target", "stack"))
                .cluster(true)
                .heartbeatSeconds(1)
                .agentTtlSeconds(10)
                .controlPlaneEnv("CORRAL_COMMAND_LEASE_SECONDS", String.valueOf(LEASE_SECONDS))
                .controlPlaneEnv("CORRAL_API_RATE_PER_SECOND", "100000")
                .controlPlaneEnv("CORRAL_TASK_METRICS_COLLECTION_SCHEDULE", "daily 00:00")
                .agentEnv("CORRAL_AGENT_CONTROL_URL", balancer.url())
                .pveTimeFactor(0.05)
                .build();
        stack = new Stack(options);
        holder[0] = stack;
        stack.launch();
        SharedStack.record(stack);
        stack.startSecondControlPlane();
        onA = new Api(stack.apiUrl(), stack.apiToken());
        onB = new Api(stack.secondControlPlaneUrl() + "/api/v1/", stack.apiToken());
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
        if (balancer != null) {
            balancer.close();
        }
    }

    @Test
    @Order(1)
    void theTwoInstancesFormOneCluster() {
        for (Path log : List.of(stack.controlPlaneLog(), stack.logDir().resolve("control-plane-2.log"))) {
            // Payara's "Data Grid Status" lists the members of the cluster each instance is in.
            Await.until(log.getFileName() + " to show a cluster of two", Duration.ofSeconds(60),
                    () -> read(log), text -> text.contains("DG Size: 2"));
        }
    }

    @Test
    @Order(2)
    void aCommandQueuedOnOneInstanceReachesAnAgentPollingTheOther() throws Exception {
        EmulatedAgent agent = EmulatedAgent.register(stack, onA, true);
        Api agentOnB = new Api(stack.secondControlPlaneUrl() + "/api/v1/", agent.token);
        int total = 1000;
        int warmUp = 100;
        Map<String, Long> queuedAt = new ConcurrentHashMap<>();
        Map<String, Long> receivedAt = new ConcurrentHashMap<>();
        AtomicBoolean polling = new AtomicBoolean(true);
        // The agent polls again at once and reports start and result from another thread, as the
        // real agent does, so its own reporting is not counted as delivery time.
        ExecutorService poller = Executors.newSingleThreadExecutor();
        ExecutorService reporter = Executors.newSingleThreadExecutor();
        poller.submit(() -> {
            while (polling.get()) {
                Api.Reply r = agentOnB.get("/agent/commands/next?wait=10&max=100");
                long now = System.nanoTime();
                if (r.status() != 200) {
                    continue;
                }
                List<String> ids = new ArrayList<>();
                for (JsonNode c : r.json().path("commands")) {
                    ids.add(c.path("id").asText());
                    receivedAt.putIfAbsent(c.path("id").asText(), now);
                }
                if (!ids.isEmpty()) {
                    reporter.submit(() -> report(agentOnB, ids));
                }
            }
            return null;
        });
        // 50 a second, each on instance A, while the agent's poll is held on instance B; the first 100
        // warm both instances up (classes loaded, code compiled) and are not counted.
        ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger sent = new AtomicInteger();
        pace.scheduleAtFixedRate(() -> {
            int n = sent.incrementAndGet();
            if (n > warmUp + total) {
                return;
            }
            Api.Reply r = onA.post("/commands", "{\"agent\":\"" + agent.id + "\",\"type\":\"proxmox.list\","
                    + "\"payload\":{\"n\":" + n + "}}");
            long now = System.nanoTime();
            if (r.status() == 201 && n > warmUp) {
                queuedAt.put(r.json().path("id").asText(), now);
            }
        }, 0, 20, TimeUnit.MILLISECONDS);
        try {
            Await.until("all " + total + " delivered on B", Duration.ofSeconds(120),
                    () -> queuedAt.size() >= total && receivedAt.keySet().containsAll(queuedAt.keySet()), done -> done);
        } finally {
            pace.shutdownNow();
            polling.set(false);
            poller.shutdown();
            reporter.shutdown();
        }
        List<Long> ms = new ArrayList<>();
        queuedAt.forEach((id, at) -> ms.add(Math.max(0, receivedAt.get(id) - at) / 1_000_000));
        Collections.sort(ms);
        long p50 = ms.get(ms.size() / 2);
        long p99 = ms.get((int) Math.ceil(ms.size() * 0.99) - 1);
        System.out.printf("Cross-instance delivery over %d commands (queued on A, polled on B): p50 %d ms, "
                + "p99 %d ms, max %d ms%n", ms.size(), p50, p99, ms.get(ms.size() - 1));
        assertThat(ms).hasSize(total);
        assertThat(p99).as("p99 ms").isLessThanOrEqualTo(250);
    }

    /**
     * A notification sent while an instance's listening connection is down is lost. Here instance B's
     * listener is cut (as a network drop or a database failover would) with a poll held on B, and work is
     * queued on A at once: B reconnects, catches up, and the held poll gets the command in seconds, not at
     * the end of its 20-s wait.
     */
    @Test
    @Order(3)
    void aPollHeldWhileItsInstanceLostItsListenerStillGetsWorkQueuedMeanwhile() throws Exception {
        EmulatedAgent agent = EmulatedAgent.register(stack, onA, true);
        Api agentOnB = new Api(stack.secondControlPlaneUrl() + "/api/v1/", agent.token);
        ExecutorService poller = Executors.newSingleThreadExecutor();
        try {
            java.util.concurrent.Future<Api.Reply> poll = poller.submit(
                    () -> agentOnB.get("/agent/commands/next?wait=20&max=10"));
            int before = listenAgains();
            // Both instances' listeners are cut; B's is the one an A-queued NOTIFY had to reach.
            int cut = sql("select count(pg_terminate_backend(pid)) from pg_stat_activity "
                    + "where application_name = any(?::text[])", List.of("corral-notify-listener"),
                    rs -> rs.getInt(1)).get(0);
            assertThat(cut).as("listening connections cut").isPositive();
            long t0 = System.nanoTime();
            Api.Reply queued = onA.post("/commands", "{\"agent\":\"" + agent.id + "\",\"type\":\"proxmox.start\","
                    + "\"payload\":{\"node\":\"pve1\",\"vmid\":190}}");
            assertThat(queued.status()).as(queued.body()).isEqualTo(201);
            Api.Reply delivered = poll.get(30, TimeUnit.SECONDS);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("Poll held on B through a cut listener answered %d ms after the enqueue on A%n", ms);
            assertThat(delivered.status()).as(delivered.body()).isEqualTo(200);
            assertThat(delivered.body()).contains(queued.json().path("id").asText());
            assertThat(ms).as("caught up after the reconnect, not at the end of the wait").isLessThan(10_000);
            Await.until("both listeners back", Duration.ofSeconds(30), ClusterIT::listenAgains, n -> n >= before + 2);
        } finally {
            poller.shutdownNow();
        }
    }

    private static void report(Api agent, List<String> ids) {
        agent.post("/agent/commands/start", "{\"ids\":[\"" + String.join("\",\"", ids) + "\"]}");
        StringBuilder results = new StringBuilder("{\"results\":[");
        for (int i = 0; i < ids.size(); i++) {
            results.append(i == 0 ? "" : ",").append("{\"id\":\"").append(ids.get(i))
                    .append("\",\"status\":\"succeeded\",\"result\":{}}");
        }
        agent.post("/agent/commands/results", results.append("]}").toString());
    }

    private static int listenAgains() {
        return count(stack.controlPlaneLog(), "Listening again for notifications")
                + count(stack.logDir().resolve("control-plane-2.log"), "Listening again for notifications");
    }

    private static int count(Path log, String text) {
        String all = read(log);
        int n = 0;
        for (int i = all.indexOf(text); i >= 0; i = all.indexOf(text, i + 1)) {
            n++;
        }
        return n;
    }

    /**
     * A desktop relay lives on the instance that issued it; the agent reaches the instances through the
     * balancer, and so does the client's socket. Both name the instance holding the relay, so the
     * balancer sends both there: desktops issued on A and on B each connect, every time (round robin
     * alone would send half of the sockets to the instance that does not know the relay).
     */
    @Test
    @Order(4)
    void aDesktopOnEitherInstanceConnectsThroughTheBalancer() throws Exception {
        String vm = Await.until("a running VM", Duration.ofSeconds(60), () -> {
            for (JsonNode v : onA.get("/vms?agent=" + stack.agentId() + "&status=running&type=qemu&template=false")
                    .json().path("items")) {
                return v.path("id").asText();
            }
            return null;
        }, v -> v != null);
        String balancerWs = balancer.url().replaceFirst("^http", "ws");
        for (int round = 0; round < 3; round++) {
            for (Api issuer : List.of(onA, onB)) {
                Api.Reply opened = issuer.post("/vms/" + vm + "/desktop", "");
                assertThat(opened.status()).as(opened.body()).isEqualTo(201);
                String direct = opened.json().path("url").asText();
                assertThat(direct).endsWith(issuer == onA ? "&instance=control-plane" : "&instance=control-plane-2");
                // The URL a client gets when it called the API through the balancer.
                URI viaBalancer = URI.create(direct.replaceFirst("^ws://[^/]+", balancerWs));
                try (io.corral.pvesim.RfbClient client = new io.corral.pvesim.RfbClient(viaBalancer)) {
                    assertThat(client.handshake().width()).as(viaBalancer.toString()).isEqualTo(1024);
                    JsonNode relay = issuer.get("/relays/" + opened.json().path("relayId").asText()).json();
                    assertThat(relay.path("state").asText()).as(relay.toString()).isEqualTo("connected");
                }
            }
        }
    }

    /**
     * Console sessions live on the instance that signed the user in. Sent to the other instance (as a
     * balancer does when the first one is lost) with that session's cookie, the browser gets the sign-in
     * form, not an error, and signing in there works.
     */
    @Test
    @Order(5)
    void aConsoleSentToTheOtherInstanceSignsInAgainCleanly() throws Exception {
        try (Browser b = Browser.open(stack).signInAsAdmin()) {
            assertThat(b.driver().manage().getCookieNamed("JSESSIONID")).as("signed in on A").isNotNull();
            b.driver().get(stack.secondControlPlaneUrl() + "/console/vms.xhtml");
            b.waitVisible(org.openqa.selenium.By.id("j_username"));
            assertThat(b.driver().getTitle()).isEqualTo("Corral · Sign in");
            b.driver().findElement(org.openqa.selenium.By.id("j_username")).sendKeys(stack.adminUser());
            b.driver().findElement(org.openqa.selenium.By.id("j_password")).sendKeys(stack.adminPassword());
            b.driver().findElement(org.openqa.selenium.By.id("login-submit")).click();
            b.waitVisible(org.openqa.selenium.By.id("current-user"));
            assertThat(b.driver().getCurrentUrl()).startsWith(stack.secondControlPlaneUrl());
        }
    }

    @Test
    @Order(6)
    void killingAnInstanceUnderLoadLosesNoCommand() throws Exception {
        List<String> ids = enqueue(onB, 500, "kill-a");
        awaitFinished(ids, 50, Duration.ofSeconds(120));
        stack.killControlPlane();
        System.out.println("Instance A killed with " + countFinal(ids) + " of 500 final");
        Map<String, Integer> outcome = awaitAllFinalExactlyOnce(ids, Duration.ofSeconds(180));
        System.out.println("After killing instance A: " + outcome);
        assertThat(outcome.getOrDefault("succeeded", 0)).as(outcome.toString()).isGreaterThan(0);
        stack.startControlPlane();
    }

    @Test
    @Order(7)
    void aCloneRunWhoseInstanceDiesIsTakenOverByTheOther() throws Exception {
        Api.Reply created = onA.post("/clone-runs", "{\"agent\":\"" + stack.agentId() + "\",\"node\":\"pve1\","
                + "\"vmid\":9000,\"count\":30,\"namePattern\":\"takeover-{n}\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().path("id").asText();
        Await.until("some clones done", Duration.ofSeconds(90), () -> onB.get("/clone-runs/" + id).json(),
                r -> r.path("totals").path("succeeded").asInt() >= 3);
        long killedAt = System.nanoTime();
        stack.killControlPlane();
        JsonNode run = Await.until("the run finished by instance B alone", Duration.ofSeconds(180),
                () -> onB.get("/clone-runs/" + id).json(),
                r -> List.of("succeeded", "failed", "cancelled").contains(r.path("status").asText()));
        System.out.printf("Clone run taken over: finished on B %d s after instance A was killed%n",
                (System.nanoTime() - killedAt) / 1_000_000_000);
        assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("succeeded");
        assertThat(run.path("totals").path("succeeded").asInt()).isEqualTo(30);
        List<Integer> vmids = new ArrayList<>();
        run.path("items").forEach(i -> vmids.add(i.path("vmid").asInt()));
        assertThat(new java.util.HashSet<>(vmids)).as("no VMID used twice").hasSize(30);
        assertThat(stack.simulator().state().guests().stream().filter(g -> g.name() != null
                && g.name().startsWith("takeover-")).count()).as("exactly one guest per item").isEqualTo(30);
        assertThat(read(stack.logDir().resolve("control-plane-2.log"))).contains("Clone run " + id
                + " resumed by this instance");
        stack.startControlPlane();
    }

    @Test
    @Order(8)
    void killingTheAgentUnderLoadRequeuesItsCommandsAndEachFinishesOnce() throws Exception {
        List<String> ids = enqueue(onA, 300, "kill-agent");
        awaitFinished(ids, 30, Duration.ofSeconds(120));
        stack.stopAgent();
        System.out.println("Agent killed with " + countFinal(ids) + " of 300 final");
        stack.startAgent();
        Map<String, Integer> outcome = awaitAllFinalExactlyOnce(ids, Duration.ofSeconds(180));
        System.out.println("After killing the agent: " + outcome);
        assertThat(outcome.getOrDefault("succeeded", 0)).as(outcome.toString()).isGreaterThan(0);
    }

    @Test
    @Order(9)
    void bothInstancesComeBackAfterAPostgresRestartUnderLoad() throws Exception {
        List<String> ids = enqueue(onA, 300, "pg-restart");
        awaitFinished(ids, 30, Duration.ofSeconds(120));
        List<Api> instances = List.of(new Api(stack.controlPlaneUrl(), null),
                new Api(stack.secondControlPlaneUrl(), null));
        int finalBefore = countFinal(ids);
        stack.stopDatabase();
        System.out.println("PostgreSQL stopped with " + finalBefore + " of 300 final");
        for (Api instance : instances) {
            Api.Reply down = Await.until("readiness down", Duration.ofSeconds(60), () -> instance.get("/health/ready"),
                    r -> r.status() == 503);
            assertThat(down.body()).contains("database").contains("DOWN");
        }
        stack.startDatabaseAgain();
        for (Api instance : instances) {
            Await.until("readiness up again", Duration.ofSeconds(60), () -> instance.get("/health/ready"),
                    r -> r.status() == 200);
        }
        Map<String, Integer> outcome = awaitAllFinalExactlyOnce(ids, Duration.ofSeconds(180));
        System.out.println("After stopping and starting PostgreSQL: " + outcome);
        assertThat(outcome.getOrDefault("succeeded", 0)).as(outcome.toString()).isGreaterThan(0);
        // Work queued after the restart is delivered across instances again.
        List<String> after = enqueue(onB, 20, "after-restart");
        assertThat(awaitAllFinalExactlyOnce(after, Duration.ofSeconds(60))).containsOnlyKeys("succeeded");
    }

    /** Queues {@code n} quick commands for the stack's real agent, in batches on one instance. */
    private static List<String> enqueue(Api on, int n, String tag) {
        List<String> ids = new ArrayList<>();
        String run = tag + "-" + UUID.randomUUID().toString().substring(0, 8);
        for (int from = 0; from < n; from += 100) {
            StringBuilder body = new StringBuilder("{\"commands\":[");
            for (int i = from; i < Math.min(n, from + 100); i++) {
                body.append(i == from ? "" : ",").append("{\"agent\":\"").append(stack.agentId())
                        .append("\",\"type\":\"proxmox.list\",\"payload\":{\"run\":\"").append(run)
                        .append("\",\"n\":").append(i).append("}}");
            }
            Api.Reply r = on.post("/commands/batch", body.append("]}").toString());
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            for (JsonNode item : r.json().path("items")) {
                assertThat(item.path("status").asInt()).as(item.toString()).isEqualTo(201);
                ids.add(item.path("command").path("id").asText());
            }
        }
        return ids;
    }

    private static void awaitFinished(List<String> ids, int atLeast, Duration timeout) {
        Await.until(atLeast + " of " + ids.size() + " final", timeout, () -> countFinal(ids), n -> n >= atLeast);
    }

    /** How many are final; -1 while the database cannot be asked (it is restarting). */
    private static int countFinal(List<String> ids) {
        try {
            return countFinalOrFail(ids);
        } catch (IllegalStateException databaseAway) {
            return -1;
        }
    }

    private static int countFinalOrFail(List<String> ids) {
        return sql("select count(*) from command where id = any(?::uuid[]) and status in "
                + "('succeeded','failed','cancelled','expired')", ids, rs -> rs.getInt(1)).get(0);
    }

    /** Waits until every command is final, then checks in SQL that each has exactly one final event. */
    private static Map<String, Integer> awaitAllFinalExactlyOnce(List<String> ids, Duration timeout) {
        Await.until("all " + ids.size() + " final", timeout, () -> countFinal(ids), n -> n == ids.size());
        List<Integer> finalEvents = sql("select count(e.id) from command c left join command_event e on "
                + "e.command_id = c.id and e.to_status in ('succeeded','failed','cancelled','expired') "
                + "where c.id = any(?::uuid[]) group by c.id", ids, rs -> rs.getInt(1));
        assertThat(finalEvents).as("final events per command").hasSize(ids.size()).containsOnly(1);
        Map<String, Integer> byStatus = new TreeMap<>();
        sql("select status || coalesce(' ' || error_code, ''), count(*) from command where id = any(?::uuid[]) "
                + "group by 1", ids, rs -> byStatus.put(rs.getString(1), rs.getInt(2)));
        return byStatus;
    }

    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private static <T> List<T> sql(String query, List<String> ids, Row<T> row) {
        try (Connection c = DriverManager.getConnection(stack.jdbcUrl(), stack.dbUser(), stack.dbPassword());
             PreparedStatement ps = c.prepareStatement(query)) {
            ps.setArray(1, c.createArrayOf("text", ids.toArray()));
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row.read(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
