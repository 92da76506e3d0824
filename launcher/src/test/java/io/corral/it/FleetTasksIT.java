package io.corral.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.corral.launcher.Stack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The background tasks through the real stack and the simulator: their rules, their recorded runs, one
 * run per tick across two instances. Guests are made by clone runs; "inactive for 20 days" is set as
 * data (when Corral first saw the guest), the one thing a test cannot wait for.
 */
@ExtendWith(SharedStack.class)
@Order(9)
class FleetTasksIT {
    private static final Set<String> FINAL = Set.of("succeeded", "failed", "cancelled");
    private static Stack stack;
    private static Api admin;

    @BeforeAll
    static void connect() {
        stack = SharedStack.get();
        admin = new Api(stack.apiUrl(), stack.apiToken());
    }

    @Test
    void theSixTasksAreListedWithTheirSchedulesAndNextRuns() {
        JsonNode tasks = admin.get("/maintenance/tasks").json().path("items");
        Map<String, String> schedules = new LinkedHashMap<>();
        tasks.forEach(t -> schedules.put(t.path("name").asText(), t.path("schedule").asText()));
        assertThat(schedules).containsOnlyKeys("auth-session-cleanup", "credential-validation", "destruction",
                "health-check", "hibernation", "metrics-collection");
        assertThat(schedules).containsEntry("health-check", "every 1m").containsEntry("hibernation", "every 5m")
                .containsEntry("destruction", "daily 02:00 UTC").containsEntry("auth-session-cleanup", "every 1h")
                .containsEntry("credential-validation", "every 2s");
        tasks.forEach(t -> assertThat(Instant.parse(t.path("nextRunAt").asText())).isAfter(Instant.now().minusSeconds(1)));
    }

    @Test
    void hibernationHibernatesAnIdleGuestUnderItsPolicyButNeverAProtectedOne() throws Exception {
        List<JsonNode> vms = cloneRun("ft-hib-", 2, true);
        JsonNode idle = vms.get(0);
        JsonNode guarded = vms.get(1);
        patch(idle, "{\"hibernatePolicy\":\"when-idle\",\"idleLimitMinutes\":2}");
        patch(guarded, "{\"hibernatePolicy\":\"when-idle\",\"protected\":true}");
        firstSeenAgo(List.of(idle, guarded), Duration.ofMinutes(5));

        JsonNode preview = admin.get("/maintenance/tasks/hibernation/preview").json();
        assertThat(subjects(preview.path("actions"))).contains(id(idle)).doesNotContain(id(guarded));

        JsonNode run = runTask("hibernation");
        assertThat(run.path("status").asText()).isEqualTo("succeeded");
        assertThat(subjects(run.path("detail").path("actions"))).contains(id(idle)).doesNotContain(id(guarded));
        assertThat(run.path("itemsActed").asInt()).isGreaterThanOrEqualTo(1);

        JsonNode hibernated = Await.until("guest hibernated", Duration.ofSeconds(60),
                () -> admin.get("/vms/" + id(idle)).json(), v -> v.path("hibernated").asBoolean());
        assertThat(hibernated.path("status").asText()).isEqualTo("stopped");
        assertThat(hibernated.path("lock").asText()).isEqualTo("suspended");
        assertThat(admin.get("/vms/" + id(guarded)).json().path("status").asText()).isEqualTo("running");
        assertThat(events(id(idle), "hibernate-requested")).hasSize(1);
    }

    @Test
    void destructionRemovesInactiveGuestsNeverAProtectedOneAndStopsAtItsCap() throws Exception {
        List<JsonNode> vms = cloneRun("ft-des-", 4, false);
        JsonNode guarded = vms.get(3);
        patch(guarded, "{\"protected\":true}");
        firstSeenAgo(vms, Duration.ofDays(20));

        JsonNode preview = admin.get("/maintenance/tasks/destruction/preview").json();
        assertThat(preview.path("actionCount").asInt()).as(preview.toString()).isEqualTo(2);
        assertThat(preview.path("detail").path("destroyable").asInt()).isEqualTo(3);
        assertThat(preview.path("detail").path("leftForLaterRuns").asInt()).isEqualTo(1);
        assertThat(subjects(preview.path("actions"))).doesNotContain(id(guarded));

        JsonNode first = runTask("destruction");
        assertThat(first.path("status").asText()).isEqualTo("succeeded");
        assertThat(first.path("itemsActed").asInt()).isEqualTo(2);
        awaitGuestsLeft("ft-des-" + suffix(vms), 2);

        JsonNode second = runTask("destruction");
        assertThat(second.path("itemsActed").asInt()).isEqualTo(1);
        awaitGuestsLeft("ft-des-" + suffix(vms), 1);
        assertThat(admin.get("/vms/" + id(guarded)).status()).isEqualTo(200);

        JsonNode third = runTask("destruction");
        assertThat(third.path("itemsActed").asInt()).isZero();
    }

    @Test
    void aGuestWhoseHelperFallsSilentWalksOnlineDegradedStaleOfflineAndFailsItsHealth() {
        JsonNode vm = cloneRun("ft-live-", 1, true).get(0);
        Api.Reply issued = admin.post("/vms/" + id(vm) + "/token", "");
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        Api helper = new Api(stack.apiUrl(), issued.json().path("token").asText());
        Api.Reply beat = helper.post("/vms/" + id(vm) + "/heartbeat", "{\"active\":true}");
        assertThat(beat.status()).as(beat.body()).isIn(200, 204);
        long before = admin.get("/fleet/events?subject=" + id(vm) + "&limit=1000").json().path("last").asLong();
        assertThat(admin.get("/vms/" + id(vm)).json().path("liveness").asText()).isEqualTo("online");

        // The stack's thresholds: degraded after 3 s, stale after 6 s, offline after 9 s, failed health after 10 s.
        JsonNode silent = Await.until("liveness offline and health failed", Duration.ofSeconds(60), () -> {
            assertThat(runTask("health-check").path("status").asText()).isEqualTo("succeeded");
            return admin.get("/vms/" + id(vm)).json();
        }, v -> v.path("liveness").asText().equals("offline") && v.path("health").asText().equals("failed"));
        assertThat(silent.path("status").asText()).isEqualTo("running");

        List<String> walk = new ArrayList<>();
        admin.get("/fleet/events?subject=" + id(vm) + "&after=" + before).json().path("items").forEach(e ->
                walk.add(e.path("kind").asText() + " " + e.path("from").asText() + "→" + e.path("to").asText()));
        assertThat(walk).containsSubsequence("liveness online→degraded", "liveness degraded→stale",
                "liveness stale→offline");
        assertThat(walk).contains("health ok→failed");
        assertThat(walk.stream().filter(w -> w.startsWith("liveness")).count()).isEqualTo(3);

        JsonNode runs = admin.get("/maintenance/task-runs?task=health-check&limit=50").json().path("items");
        assertThat(runs.findValuesAsText("subjectId")).contains(id(vm));

        assertThat(helper.post("/vms/" + id(vm) + "/heartbeat", "{}").status()).isIn(200, 204);
        JsonNode back = admin.get("/vms/" + id(vm)).json();
        assertThat(back.path("health").asText()).isEqualTo("ok");
        assertThat(back.path("liveness").asText()).isEqualTo("online");
    }

    @Test
    void authSessionCleanupAndCredentialValidationRunAndAreRecorded() {
        for (String task : List.of("auth-session-cleanup", "credential-validation")) {
            JsonNode run = runTask(task);
            assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("succeeded");
            // Their rules are AuthSessionsIT's; here: a run on demand is recorded, no item fails.
            assertThat(run.path("itemsActed").asInt()).isLessThanOrEqualTo(run.path("itemsSeen").asInt());
            assertThat(run.path("trigger").asText()).isEqualTo("api");
            JsonNode listed = admin.get("/maintenance/task-runs?task=" + task + "&limit=5").json().path("items");
            assertThat(listed.findValuesAsText("id")).contains(run.path("id").asText());
        }
    }

    @Test
    void eachTickRunsExactlyOnceWithTwoInstancesOnOneDatabase() throws Exception {
        stack.startSecondControlPlane();
        try {
            Api second = new Api(stack.secondControlPlaneUrl() + "/api/v1/", stack.apiToken());
            assertThat(second.get("/maintenance/tasks/credential-validation").json().path("schedule").asText())
                    .isEqualTo("every 2s");
            Instant from = Instant.now().plusSeconds(2);
            Instant until = from.plusSeconds(16);
            Await.until("8 ticks with both instances up", Duration.ofSeconds(40), Instant::now,
                    now -> now.isAfter(until.plusSeconds(3)));
            Map<Instant, Integer> runsPerSlot = new LinkedHashMap<>();
            try (Connection c = db(); PreparedStatement ps = c.prepareStatement("select scheduled_for, count(*) "
                    + "from task_run where task = 'credential-validation' and scheduled_for >= ? and scheduled_for < ? "
                    + "group by scheduled_for order by scheduled_for")) {
                ps.setObject(1, java.time.OffsetDateTime.ofInstant(from, java.time.ZoneOffset.UTC));
                ps.setObject(2, java.time.OffsetDateTime.ofInstant(until, java.time.ZoneOffset.UTC));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        runsPerSlot.put(rs.getObject(1, java.time.OffsetDateTime.class).toInstant(), rs.getInt(2));
                    }
                }
            }
            assertThat(runsPerSlot).as("runs per slot").hasSize(8);
            assertThat(runsPerSlot.values()).containsOnly(1);
            List<Instant> slots = new ArrayList<>(runsPerSlot.keySet());
            for (int i = 1; i < slots.size(); i++) {
                assertThat(Duration.between(slots.get(i - 1), slots.get(i))).isEqualTo(Duration.ofSeconds(2));
            }
        } finally {
            stack.stopSecondControlPlane();
        }
    }

    @Test
    void badInputOnTheNewEndpointsIsAnsweredWithTheField() {
        String vm = admin.get("/vms?template=false").json().path("items").get(0).path("id").asText();
        expect(admin.send("PATCH", "/vms/" + vm, "application/json", "{\"protected\":\"yes\"}"), 400, "protected");
        expect(admin.send("PATCH", "/vms/" + vm, "application/json", "{\"hibernatePolicy\":\"sometimes\"}"), 400,
                "hibernatePolicy");
        expect(admin.send("PATCH", "/vms/" + vm, "application/json", "{\"idleLimitMinutes\":-1}"), 400,
                "idleLimitMinutes");
        expect(admin.send("PATCH", "/vms/" + vm, "application/json", "{\"idleLimitMinutes\":1.5}"), 400,
                "idleLimitMinutes");
        expect(admin.send("PATCH", "/vms/" + vm, "application/json", "{\"colour\":\"red\"}"), 400, "colour");
        expect(admin.send("PATCH", "/vms/" + vm, "application/json", "{}"), 400, "body");
        expect(admin.send("PATCH", "/vms/not-a-uuid", "application/json", "{\"protected\":true}"), 400, "id");
        expect(admin.send("PATCH", "/vms/" + UUID.randomUUID(), "application/json", "{\"protected\":true}"), 404, "VM");
        expect(admin.get("/vms/" + UUID.randomUUID()), 404, "VM");
        expect(admin.post("/maintenance/tasks/no-such-task/run", ""), 404, "no-such-task");
        expect(admin.get("/maintenance/tasks/no-such-task/preview"), 404, "no-such-task");
        expect(admin.get("/maintenance/task-runs?task=no-such-task"), 400, "task");
        expect(admin.get("/maintenance/task-runs?status=sleeping"), 400, "status");
        expect(admin.get("/maintenance/task-runs?limit=0"), 400, "limit");
        expect(admin.get("/maintenance/task-runs?before=yesterday"), 400, "before");
        expect(admin.get("/maintenance/task-runs/" + UUID.randomUUID()), 404, "Task run");
        expect(admin.get("/fleet/events?after=-1"), 400, "after");
        expect(admin.get("/fleet/events?since=monday"), 400, "since");
        expect(admin.get("/fleet/events?subject=x"), 400, "subject");
        expect(admin.get("/fleet/events?limit=5000"), 400, "limit");
        assertThat(admin.get("/vms/" + vm).json().path("protected").asBoolean()).isFalse();
    }

    // ---- helpers

    static JsonNode runTask(String task) {
        Api.Reply started = Await.until("task " + task + " started", Duration.ofSeconds(30),
                () -> admin.post("/maintenance/tasks/" + task + "/run", ""), r -> r.status() != 409);
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String id = started.json().path("id").asText();
        return Await.until("task run " + id + " finished", Duration.ofSeconds(120), () -> {
            Api.Reply run = admin.get("/maintenance/task-runs/" + id);
            assertThat(run.status()).as(run.body()).isEqualTo(200);
            return run.json();
        }, r -> !r.path("status").asText().equals("running"));
    }

    private static void expect(Api.Reply reply, int status, String named) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.json().path("code").asText()).isNotEmpty();
        assertThat(reply.json().path("message").asText()).contains(named);
    }

    private static List<JsonNode> cloneRun(String prefix, int count, boolean start) {
        String suffix = Long.toString(System.nanoTime() % 100_000, 36);
        Api.Reply created = admin.post("/clone-runs", "{\"agent\":\"" + stack.agentId() + "\",\"node\":\"pve1\","
                + "\"vmid\":9000,\"count\":" + count + ",\"namePattern\":\"" + prefix + suffix + "-{n}\",\"full\":false,"
                + "\"start\":" + start + "}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String runId = created.json().path("id").asText();
        JsonNode run = Await.until("clone run final", Duration.ofSeconds(120), () -> admin.get("/clone-runs/" + runId)
                .json(), r -> FINAL.contains(r.path("status").asText()));
        assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("succeeded");
        List<JsonNode> vms = new ArrayList<>();
        for (JsonNode item : run.path("items")) {
            int vmid = item.path("vmid").asInt();
            vms.add(Await.until("guest " + vmid + " in the inventory" + (start ? ", running" : ""), Duration.ofSeconds(30),
                    () -> find(vmid), v -> v != null && (!start || v.path("status").asText().equals("running"))));
        }
        return vms;
    }

    private static String suffix(List<JsonNode> vms) {
        String name = vms.get(0).path("name").asText();
        return name.substring("ft-des-".length(), name.lastIndexOf('-'));
    }

    private static JsonNode find(int vmid) {
        for (JsonNode v : admin.get("/vms?agent=" + stack.agentId()).json().path("items")) {
            if (v.path("vmid").asInt() == vmid) {
                return v;
            }
        }
        return null;
    }

    private static void patch(JsonNode vm, String body) {
        Api.Reply r = admin.send("PATCH", "/vms/" + id(vm), "application/json", body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    private static String id(JsonNode vm) {
        return vm.path("id").asText();
    }

    private static List<String> subjects(JsonNode actions) {
        return actions.findValuesAsText("subjectId");
    }

    private static List<JsonNode> events(String subject, String kind) {
        List<JsonNode> out = new ArrayList<>();
        admin.get("/fleet/events?subject=" + subject + "&kind=" + kind).json().path("items").forEach(out::add);
        return out;
    }

    private static void awaitGuestsLeft(String prefix, int left) {
        Await.until(left + " guests named " + prefix + "* left in Proxmox and in the inventory", Duration.ofSeconds(60),
                () -> {
                    long inProxmox = stack.simulator().state().guests().stream()
                            .filter(g -> g.name() != null && g.name().startsWith(prefix)).count();
                    long listed = admin.get("/vms?agent=" + stack.agentId()).json().path("items")
                            .findValuesAsText("name").stream().filter(n -> n.startsWith(prefix)).count();
                    return List.of(inProxmox, listed);
                }, n -> n.equals(List.of((long) left, (long) left)));
    }

    /** Data, not a clock: Corral first saw these guests {@code ago}, and they were never in use since. */
    private static void firstSeenAgo(List<JsonNode> vms, Duration ago) throws Exception {
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement(
                "update vm set first_seen_at = now() - make_interval(secs => ?), last_active_at = null where id = ?")) {
            for (JsonNode vm : vms) {
                ps.setDouble(1, ago.toSeconds());
                ps.setObject(2, UUID.fromString(id(vm)));
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
        }
    }

    private static Connection db() throws Exception {
        return DriverManager.getConnection(stack.jdbcUrl(), stack.dbUser(), stack.dbPassword());
    }
}
