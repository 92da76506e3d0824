package io.corral.pvesim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Power actions run as tasks with real UPIDs; guests change state when their task ends. */
class TaskLifecycleTest {

    static final String UPID_FORMAT =
            "UPID:[a-zA-Z0-9.-]+:[0-9A-F]{8}:[0-9A-F]{8}:[0-9A-F]{8}:[a-z]+:[0-9]*:[^:]+@[^:]+:";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private PveSimulator sim;
    private PveClient api;

    @BeforeEach
    void start() {
        sim = Sims.fast().start();
        api = Sims.client(sim);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void startingAStoppedGuestRunsATaskThatEndsWithTheGuestRunning() {
        long before = System.currentTimeMillis() / 1000;
        sim.close();
        sim = Sims.fast().timeFactor(0.5).start(); // a 1 s task: long enough to be seen running
        api = Sims.client(sim);

        String upid = api.post("/nodes/pve1/qemu/102/status/start", Map.of()).data().asText();

        assertThat(upid).matches(UPID_FORMAT).startsWith("UPID:pve1:").endsWith(":qmstart:102:root@pam!corral:");
        long startTime = Long.parseLong(upid.split(":")[4], 16);
        assertThat(startTime).isBetween(before, before + 60);
        JsonNode running = status("pve1", upid);
        assertThat(running.path("status").asText()).isEqualTo("running");
        assertThat(running.has("exitstatus")).isFalse();
        assertThat(guestStatus("pve1", "qemu", 102)).isEqualTo("stopped");

        JsonNode stopped = Await.until("task " + upid + " to stop", TIMEOUT, () -> status("pve1", upid),
                s -> s.path("status").asText().equals("stopped"));
        assertThat(stopped.path("exitstatus").asText()).isEqualTo("OK");
        assertThat(stopped.path("upid").asText()).isEqualTo(upid);
        assertThat(stopped.path("type").asText()).isEqualTo("qmstart");
        assertThat(stopped.path("id").asText()).isEqualTo("102");
        assertThat(stopped.path("user").asText()).isEqualTo("root@pam!corral");
        assertThat(guestStatus("pve1", "qemu", 102)).isEqualTo("running");

        List<String> log = logLines("pve1", upid);
        assertThat(log).last().isEqualTo("TASK OK");
        assertThat(tasksOf("/nodes/pve1/tasks")).contains(upid);
        assertThat(tasksOf("/cluster/tasks")).contains(upid);
    }

    @Test
    void stopAndShutdownOfContainersUseVzTasks() {
        String stop = api.post("/nodes/pve2/lxc/201/status/shutdown", Map.of()).data().asText();
        assertThat(stop).matches(UPID_FORMAT).contains(":vzshutdown:201:");
        Await.until("CT 201 down", TIMEOUT, () -> guestStatus("pve2", "lxc", 201).equals("stopped"));
        String start = api.post("/nodes/pve2/lxc/201/status/start", Map.of()).data().asText();
        assertThat(start).contains(":vzstart:201:");
        Await.until("CT 201 up", TIMEOUT, () -> guestStatus("pve2", "lxc", 201).equals("running"));
    }

    @Test
    void deletingARunningTaskStopsItWithoutItsEffect() {
        sim.close();
        sim = Sims.fast().timeFactor(100).start(); // the start task would run 200 s
        api = Sims.client(sim);
        String upid = api.post("/nodes/pve2/qemu/104/status/start", Map.of()).data().asText();
        assertThat(status("pve2", upid).path("status").asText()).isEqualTo("running");

        PveClient.Reply delete = api.delete("/nodes/pve2/tasks/" + PveClient.encode(upid));

        assertThat(delete.status()).isEqualTo(200);
        assertThat(delete.body().toString()).isEqualTo("{\"data\":null}");
        JsonNode status = status("pve2", upid);
        assertThat(status.path("status").asText()).isEqualTo("stopped");
        assertThat(status.path("exitstatus").asText()).isEqualTo("interrupted by signal");
        assertThat(logLines("pve2", upid)).last().isEqualTo("TASK ERROR: interrupted by signal");
        assertThat(guestStatus("pve2", "qemu", 104)).isEqualTo("stopped");
    }

    @Test
    void templatesCannotBeStarted() {
        PveClient.Reply reply = api.post("/nodes/pve1/qemu/9000/status/start", Map.of());
        assertThat(reply.status()).isEqualTo(500);
        assertThat(reply.reason()).isEqualTo("you can't start a vm if it's a template");
    }

    @Test
    void unknownGuestsAndTasks() {
        PveClient.Reply noVm = api.get("/nodes/pve1/qemu/4242/status/current");
        assertThat(noVm.status()).isEqualTo(500);
        assertThat(noVm.reason()).isEqualTo("Configuration file 'nodes/pve1/qemu-server/4242.conf' does not exist");
        assertThat(noVm.body().path("message").asText())
                .isEqualTo("Configuration file 'nodes/pve1/qemu-server/4242.conf' does not exist\n");
        assertThat(api.post("/nodes/pve1/lxc/4242/status/start", Map.of()).reason())
                .isEqualTo("Configuration file 'nodes/pve1/lxc/4242.conf' does not exist");

        String unknown = "UPID:pve1:00001234:00ABCDEF:6742F0A1:qmstart:100:root@pam:";
        PveClient.Reply noTask = api.get("/nodes/pve1/tasks/" + PveClient.encode(unknown) + "/status");
        assertThat(noTask.status()).isEqualTo(400);
        assertThat(noTask.body().path("errors").path("upid").asText()).isEqualTo("no such task");
    }

    private JsonNode status(String node, String upid) {
        PveClient.Reply reply = api.get("/nodes/" + node + "/tasks/" + PveClient.encode(upid) + "/status");
        assertThat(reply.status()).as("%s", reply).isEqualTo(200);
        return reply.data();
    }

    private List<String> logLines(String node, String upid) {
        JsonNode log = api.get("/nodes/" + node + "/tasks/" + PveClient.encode(upid) + "/log?start=0&limit=50").data();
        List<String> lines = new ArrayList<>();
        for (JsonNode line : log) {
            assertThat(line.path("n").asInt()).isEqualTo(lines.size() + 1);
            lines.add(line.path("t").asText());
        }
        return lines;
    }

    private String guestStatus(String node, String type, int vmid) {
        return api.get("/nodes/" + node + "/" + type + "/" + vmid + "/status/current").data().path("status").asText();
    }

    private List<String> tasksOf(String path) {
        List<String> upids = new ArrayList<>();
        api.get(path).data().forEach(task -> upids.add(task.path("upid").asText()));
        return upids;
    }
}
