package io.corral.pvesim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Suspend, hibernate, resume, destroy and config changes over real HTTP. */
class GuestLifecycleTest {

    private PveSimulator sim;
    private PveClient api;
    private Tasks tasks;

    @BeforeEach
    void start() {
        sim = Sims.fast().start();
        api = Sims.client(sim);
        tasks = new Tasks(api);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private String task(String path, Map<String, String> params) {
        PveClient.Reply reply = api.post(path, params);
        assertThat(reply.status()).as("%s", reply).isEqualTo(200);
        return reply.data().asText();
    }

    @Test
    void suspendPausesAndResumeRunsAgain() {
        String suspend = task("/nodes/pve1/qemu/100/status/suspend", Map.of());
        assertThat(suspend).contains(":qmsuspend:100:");
        assertThat(tasks.awaitEnd(suspend)).isEqualTo("OK");
        JsonNode paused = tasks.current("pve1", "qemu", 100).data();
        assertThat(paused.path("status").asText()).isEqualTo("running");
        assertThat(paused.path("qmpstatus").asText()).isEqualTo("paused");

        String resume = task("/nodes/pve1/qemu/100/status/resume", Map.of());
        assertThat(resume).contains(":qmresume:100:");
        assertThat(tasks.awaitEnd(resume)).isEqualTo("OK");
        assertThat(tasks.current("pve1", "qemu", 100).data().path("qmpstatus").asText()).isEqualTo("running");

        PveClient.Reply notRunning = api.post("/nodes/pve1/qemu/102/status/suspend", Map.of());
        assertThat(notRunning.status()).isEqualTo(500);
        assertThat(notRunning.reason()).isEqualTo("VM 102 not running");
        assertThat(task("/nodes/pve2/lxc/201/status/suspend", Map.of())).contains(":vzsuspend:201:");
    }

    @Test
    void hibernatedVmIsStoppedAndLockedUntilStartResumesIt() {
        String hibernate = task("/nodes/pve1/qemu/101/status/suspend", Map.of("todisk", "1"));
        assertThat(hibernate).contains(":qmsuspend:101:");
        assertThat(tasks.awaitEnd(hibernate)).isEqualTo("OK");
        JsonNode hibernated = tasks.current("pve1", "qemu", 101).data();
        assertThat(hibernated.path("status").asText()).isEqualTo("stopped");
        assertThat(hibernated.path("lock").asText()).isEqualTo("suspended");
        assertThat(api.post("/nodes/pve1/qemu/101/status/stop", Map.of()).reason())
                .isEqualTo("VM is locked (suspended)");

        String start = task("/nodes/pve1/qemu/101/status/start", Map.of());
        assertThat(start).contains(":qmstart:101:");
        assertThat(tasks.awaitEnd(start)).isEqualTo("OK");
        JsonNode resumed = tasks.current("pve1", "qemu", 101).data();
        assertThat(resumed.path("status").asText()).isEqualTo("running");
        assertThat(resumed.has("lock")).isFalse();
        assertThat(tasks.log(start)).first().asString().startsWith("resuming VM 101");
    }

    @Test
    void destroyRemovesAStoppedGuestAndRefusesARunningOne() {
        PveClient.Reply running = api.delete("/nodes/pve1/qemu/100");
        assertThat(running.status()).isEqualTo(500);
        assertThat(running.reason()).isEqualTo("VM 100 is running - destroy failed");

        PveClient.Reply destroy = api.delete("/nodes/pve2/qemu/104?purge=1&destroy-unreferenced-disks=1");
        assertThat(destroy.status()).isEqualTo(200);
        String upid = destroy.data().asText();
        assertThat(upid).contains(":qmdestroy:104:");
        assertThat(tasks.awaitEnd(upid)).isEqualTo("OK");
        assertThat(tasks.current("pve2", "qemu", 104).reason())
                .isEqualTo("Configuration file 'nodes/pve2/qemu-server/104.conf' does not exist");
        assertThat(tasks.log(upid)).contains("  Logical volume \"vm-104-disk-0\" successfully removed.");
        assertThat(api.get("/cluster/nextid").data().asText()).isEqualTo("104");

        String stopCt = task("/nodes/pve2/lxc/201/status/stop", Map.of());
        tasks.awaitEnd(stopCt);
        String destroyCt = api.delete("/nodes/pve2/lxc/201").data().asText();
        assertThat(destroyCt).contains(":vzdestroy:201:");
        assertThat(tasks.awaitEnd(destroyCt)).isEqualTo("OK");
        assertThat(sim.state().isVmidUsed(201)).isFalse();
    }

    @Test
    void configUpdatesSynchronouslyWithPutAndAsATaskWithPost() {
        PveClient.Reply put = api.put("/nodes/pve1/qemu/102/config",
                Map.of("name", "ci-worker-9", "memory", "4096", "cores", "8", "description", "rebuilt", "net1",
                        "virtio,bridge=vmbr1"));
        assertThat(put.status()).as("%s", put).isEqualTo(200);
        assertThat(put.body().toString()).isEqualTo("{\"data\":null}");
        JsonNode config = api.get("/nodes/pve1/qemu/102/config").data();
        assertThat(config.path("name").asText()).isEqualTo("ci-worker-9");
        assertThat(config.path("memory").asText()).isEqualTo("4096");
        assertThat(config.path("cores").asInt()).isEqualTo(8);
        assertThat(config.path("description").asText()).isEqualTo("rebuilt");
        assertThat(config.path("net1").asText()).isEqualTo("virtio,bridge=vmbr1");
        assertThat(tasks.current("pve1", "qemu", 102).data().path("maxmem").asLong()).isEqualTo(4096L << 20);

        String post = task("/nodes/pve1/qemu/102/config", Map.of("delete", "description", "cores", "2"));
        assertThat(post).contains(":qmconfig:102:");
        assertThat(tasks.awaitEnd(post)).isEqualTo("OK");
        config = api.get("/nodes/pve1/qemu/102/config").data();
        assertThat(config.has("description")).isFalse();
        assertThat(config.path("cores").asInt()).isEqualTo(2);

        PveClient.Reply stale = api.put("/nodes/pve1/qemu/102/config", Map.of("cores", "4", "digest", "0000"));
        assertThat(stale.status()).isEqualTo(500);
        assertThat(stale.reason()).startsWith("detected modified configuration");
        assertThat(api.put("/nodes/pve2/lxc/201/config", Map.of("hostname", "cache-9")).status()).isEqualTo(200);
        assertThat(api.get("/nodes/pve2/lxc/201/config").data().path("hostname").asText()).isEqualTo("cache-9");
    }

    @Test
    void injectedTaskFailureLeavesTheGuestAsItWas() {
        sim.faults().failNext("qmstart", 1, "start failed: QEMU exited with code 1");
        String start = task("/nodes/pve1/qemu/102/status/start", Map.of());
        assertThat(tasks.awaitEnd(start)).isEqualTo("start failed: QEMU exited with code 1");
        assertThat(tasks.current("pve1", "qemu", 102).data().path("status").asText()).isEqualTo("stopped");
        assertThat(tasks.awaitEnd(task("/nodes/pve1/qemu/102/status/start", Map.of()))).isEqualTo("OK");
    }
}
