package io.corral.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.corral.launcher.Stack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** Clone runs through the real stack: the batch job, the command bus, the agent and the simulator. */
@ExtendWith(SharedStack.class)
@Order(8)
class CloneRunsIT {
    private static final Set<String> FINAL = Set.of("succeeded", "failed", "cancelled");
    private static Stack stack;
    private static Api admin;

    @BeforeAll
    static void connect() {
        stack = SharedStack.get();
        admin = new Api(stack.apiUrl(), stack.apiToken());
    }

    private static JsonNode create(String body) {
        Api.Reply r = admin.post("/clone-runs", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    private static String run(int vmid, int count, String pattern, String extra) {
        return create("{\"agent\":\"" + stack.agentId() + "\",\"node\":\"pve1\",\"vmid\":" + vmid + ",\"count\":" + count
                + ",\"namePattern\":\"" + pattern + "\"" + extra + "}").path("id").asText();
    }

    private static JsonNode finished(String id, Duration timeout) {
        return Await.until("clone run " + id + " final", timeout, () -> admin.get("/clone-runs/" + id).json(),
                r -> FINAL.contains(r.path("status").asText()));
    }

    private static List<Integer> vmids(JsonNode run) {
        List<Integer> out = new ArrayList<>();
        run.path("items").forEach(i -> {
            if (!i.path("vmid").isNull()) {
                out.add(i.path("vmid").asInt());
            }
        });
        return out;
    }

    /** Guests the simulator has whose names start with {@code prefix}. */
    private static Set<String> guests(String prefix) {
        Set<String> names = new TreeSet<>();
        stack.simulator().state().guests().forEach(g -> {
            if (g.name() != null && g.name().startsWith(prefix)) {
                names.add(g.name());
            }
        });
        return names;
    }

    private static long count(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(stack.jdbcUrl(), stack.dbUser(), stack.dbPassword());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void twentyClonesEndToEndWithLiveProgressAndReservedVmids() {
        String id = run(9000, 20, "cr20-{n}", "");
        Set<Integer> doneSeen = new TreeSet<>();
        JsonNode run = Await.until("20 clones", Duration.ofSeconds(120), () -> {
            JsonNode r = admin.get("/clone-runs/" + id).json();
            doneSeen.add(r.path("totals").path("succeeded").asInt());
            return r;
        }, r -> FINAL.contains(r.path("status").asText()));

        assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("succeeded");
        assertThat(run.path("totals").path("succeeded").asInt()).isEqualTo(20);
        assertThat(doneSeen).as("progress seen while it ran").anyMatch(n -> n > 0 && n < 20);
        List<Integer> vmids = vmids(run);
        assertThat(vmids).hasSize(20).allMatch(v -> v >= 10000 && v <= 19999);
        assertThat(new HashSet<>(vmids)).hasSize(20);
        Set<String> expected = new TreeSet<>();
        for (int n = 1; n <= 20; n++) {
            expected.add("cr20-" + n);
        }
        assertThat(guests("cr20-")).isEqualTo(expected);
        run.path("items").forEach(i -> assertThat(i.path("status").asText()).isEqualTo("succeeded"));
    }

    @Test
    void badInputNamesTheFieldAndReservesNothing() throws Exception {
        // Counted by creation time: other runs' reservations are released in the background.
        long startMicros = count("select (extract(epoch from clock_timestamp()) * 1000000)::bigint");
        String since = "to_timestamp(" + startMicros + " / 1000000.0)";
        String agent = "\"agent\":\"" + stack.agentId() + "\"";
        assertRefused("{" + agent + ",\"node\":\"pve1\",\"vmid\":9000,\"count\":0,\"namePattern\":\"x-{n}\"}", "count");
        assertRefused("{" + agent + ",\"node\":\"pve1\",\"vmid\":9000,\"count\":501,\"namePattern\":\"x-{n}\"}", "count");
        assertRefused("{" + agent + ",\"node\":\"pve1\",\"vmid\":9000,\"count\":\"2\",\"namePattern\":\"x-{n}\"}", "count");
        assertRefused("{" + agent + ",\"node\":\"pve1\",\"vmid\":9000,\"count\":2,\"namePattern\":\"x\"}", "namePattern");
        assertRefused("{" + agent + ",\"node\":\"pve1\",\"vmid\":9000,\"count\":2,\"namePattern\":\"bad_{n}\"}",
                "namePattern");
        assertRefused("{" + agent + ",\"node\":\"pve1\",\"vmid\":9999,\"count\":2,\"namePattern\":\"x-{n}\"}", "vmid");
        assertRefused("{" + agent + ",\"node\":\"pve1\",\"vmid\":100,\"count\":2,\"namePattern\":\"x-{n}\"}", "vmid");
        assertRefused("{" + agent + ",\"node\":\"pve1\",\"vmid\":9000,\"count\":2,\"namePattern\":\"web-{n}\"}",
                "namePattern");
        assertRefused("{\"agent\":\"nobody\",\"node\":\"pve1\",\"vmid\":9000,\"count\":2,\"namePattern\":\"x-{n}\"}",
                "agent");
        assertRefused("{" + agent + ",\"node\":\"pve1\",\"vmid\":9000,\"count\":2,\"namePattern\":\"x-{n}\","
                + "\"storage\":\"1bad\"}", "storage");
        assertRefused("{" + agent + ",\"node\":\"pve1\",\"vmid\":9000,\"count\":2,\"namePattern\":\"x-{n}\","
                + "\"tags\":[\"a b\"]}", "tags[0]");
        assertRefused("{" + agent + ",\"node\":\"pve1\",\"vmid\":9000,\"count\":2,\"namePattern\":\"x-{n}\","
                + "\"full\":\"yes\"}", "full");
        assertRefused("{" + agent + ",\"node\":\"pve1\",\"vmid\":9000,\"count\":2,\"namePattern\":\"x-{n}\","
                + "\"colour\":1}", "colour");
        assertRefused("{\"vm\":\"not-a-uuid\",\"count\":2,\"namePattern\":\"x-{n}\"}", "vm");
        assertRefused("{\"node\":\"pve1\",\"vmid\":9000,\"count\":2,\"namePattern\":\"x-{n}\"}", "agent");
        assertThat(count("select count(*) from clone_run where created_at >= " + since)).isZero();
        assertThat(count("select count(*) from vmid_reservation where reserved_at >= " + since)).isZero();
        assertThat(count("select count(*) from command where created_at >= " + since)).isZero();
    }

    private static void assertRefused(String body, String field) {
        Api.Reply r = admin.post("/clone-runs", body);
        assertThat(r.status()).as(body + " → " + r.body()).isEqualTo(400);
        assertThat(r.json().path("message").asText()).as(r.body()).contains(field);
    }

    @Test
    void cancelStopsTheRunAndKeepsFinishedGuestsAndRestartRetriesOnlyFailures() {
        stack.simulator().faults().failNext("qmclone", 1, "clone failed: storage full");
        String failing = run(9001, 3, "crf-{n}", "");
        JsonNode withFailure = finished(failing, Duration.ofSeconds(60));
        assertThat(withFailure.path("status").asText()).as(withFailure.toString()).isEqualTo("failed");
        assertThat(withFailure.path("totals").path("failed").asInt()).isEqualTo(1);
        assertThat(withFailure.path("totals").path("succeeded").asInt()).isEqualTo(2);
        List<String> firstCommands = new ArrayList<>();
        withFailure.path("items").forEach(i -> firstCommands.add(i.path("commandId").asText()));

        Api.Reply restarted = admin.post("/clone-runs/" + failing + "/restart", "");
        assertThat(restarted.status()).as(restarted.body()).isEqualTo(202);
        JsonNode retried = finished(failing, Duration.ofSeconds(60));
        assertThat(retried.path("status").asText()).as(retried.toString()).isEqualTo("succeeded");
        int changed = 0;
        for (int i = 0; i < 3; i++) {
            if (!retried.path("items").get(i).path("commandId").asText().equals(firstCommands.get(i))) {
                changed++;
            }
        }
        assertThat(changed).as("only the failed item was queued again").isEqualTo(1);
        assertThat(guests("crf-")).hasSize(3);
        assertThat(admin.post("/clone-runs/" + failing + "/restart", "").json().path("code").asText())
                .isEqualTo("NOTHING_TO_RETRY");

        stack.simulator().faults().stretchNext("qmclone", 1, Duration.ofSeconds(4));
        String cancelled = run(9001, 30, "crc-{n}", "");
        Await.until("the first clone running", Duration.ofSeconds(30), () -> admin.get("/clone-runs/" + cancelled).json(),
                r -> r.path("totals").path("running").asInt() + r.path("totals").path("succeeded").asInt() > 0);
        Api.Reply cancel = admin.post("/clone-runs/" + cancelled + "/cancel", "");
        assertThat(cancel.status()).as(cancel.body()).isEqualTo(200);
        JsonNode end = finished(cancelled, Duration.ofSeconds(60));
        assertThat(end.path("status").asText()).isEqualTo("cancelled");
        int succeeded = end.path("totals").path("succeeded").asInt();
        assertThat(end.path("totals").path("cancelled").asInt()).isEqualTo(30 - succeeded);
        assertThat(succeeded).isLessThan(30);
        assertThat(guests("crc-")).as("finished guests stay, nothing else was made").hasSize(succeeded);
    }

    @Test
    void twoConcurrentRunsFromTwoTemplatesMakeSixtyGuestsWithoutCollisions() {
        String a = run(9000, 30, "cra-{n}", "");
        String b = run(9001, 30, "crb-{n}", "");
        JsonNode ra = finished(a, Duration.ofSeconds(180));
        JsonNode rb = finished(b, Duration.ofSeconds(180));
        assertThat(ra.path("status").asText()).as(ra.toString()).isEqualTo("succeeded");
        assertThat(rb.path("status").asText()).as(rb.toString()).isEqualTo("succeeded");
        Set<Integer> all = new HashSet<>(vmids(ra));
        all.addAll(vmids(rb));
        assertThat(all).as("no VMID used twice").hasSize(60);
        assertThat(guests("cra-")).hasSize(30);
        assertThat(guests("crb-")).hasSize(30);
    }

    @Test
    void aRunSurvivesAKillOfTheControlPlaneWithoutDuplicatesOrGaps() throws Exception {
        String id = run(9000, 50, "crk-{n}", "");
        Await.until("some clones done", Duration.ofSeconds(60), () -> admin.get("/clone-runs/" + id).json(),
                r -> r.path("totals").path("succeeded").asInt() >= 5);
        stack.killControlPlane();
        stack.startControlPlane();
        JsonNode run = finished(id, Duration.ofSeconds(180));
        assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("succeeded");
        assertThat(run.path("totals").path("succeeded").asInt()).isEqualTo(50);
        List<Integer> vmids = vmids(run);
        assertThat(new HashSet<>(vmids)).hasSize(50);
        assertThat(guests("crk-")).hasSize(50);
        assertThat(stack.simulator().state().guests().stream().filter(g -> g.name() != null
                && g.name().startsWith("crk-")).count()).as("exactly one guest per item").isEqualTo(50);
    }

    @Test
    void guestsGetTheirTagsAndAreStartedWhenTheRunAsksForIt() {
        String id = run(9001, 2, "crs-{n}", ",\"start\":true,\"tags\":[\"ci\",\"web\"]");
        JsonNode run = finished(id, Duration.ofSeconds(60));
        assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("succeeded");
        assertThat(run.path("tags").toString()).isEqualTo("[\"ci\",\"web\"]");
        stack.simulator().state().guests().stream().filter(g -> g.name() != null && g.name().startsWith("crs-"))
                .forEach(g -> assertThat(g.state().name()).as(g.name()).isEqualTo("RUNNING"));
        assertThat(guests("crs-")).hasSize(2);
        JsonNode commands = admin.get("/commands?agent=" + stack.agentId() + "&type=proxmox.config.set&limit=20").json();
        List<String> tagged = new ArrayList<>();
        // Lists hide config values (secrets in commands); one command's own view shows them to an admin.
        commands.path("items").forEach(listed -> {
            JsonNode c = admin.get("/commands/" + listed.path("id").asText()).json();
            if (c.path("payload").path("config").path("tags").asText().equals("ci;web")) {
                tagged.add(c.path("status").asText());
            }
        });
        assertThat(tagged).containsExactly("succeeded", "succeeded");
    }
}
