package io.corral.pvesim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Clones over real HTTP: tasks, the locks on source and copy, refusals, stops and injected faults. */
class CloneTest {

    private PveSimulator sim;
    private PveClient api;
    private Tasks tasks;

    private void start(SimulatorBuilder builder) {
        sim = builder.start();
        api = Sims.client(sim);
        tasks = new Tasks(api);
    }

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    private String cloneOf(String node, String type, int vmid, Map<String, String> params) {
        PveClient.Reply reply = api.post("/nodes/" + node + "/" + type + "/" + vmid + "/clone", params);
        assertThat(reply.status()).as("%s", reply).isEqualTo(200);
        return reply.data().asText();
    }

    @Test
    void linkedCloneOfATemplateKeepsTheNewGuestLockedUntilItIsDone() {
        start(Sims.fast().cloneDuration(CloneKind.QEMU_LINKED, Duration.ofSeconds(150))); // 1.5 s

        String upid = cloneOf("pve1", "qemu", 9000, Map.of("newid", "105", "name", "web-9"));

        assertThat(upid).matches(TaskLifecycleTest.UPID_FORMAT).contains(":qmclone:9000:root@pam!corral:");
        JsonNode copy = tasks.current("pve1", "qemu", 105).data();
        assertThat(copy.path("status").asText()).isEqualTo("stopped");
        assertThat(copy.path("lock").asText()).isEqualTo("clone");
        assertThat(copy.path("name").asText()).isEqualTo("web-9");
        assertThat(api.get("/cluster/nextid").data().asText()).isEqualTo("106");
        for (PveClient.Reply refused : new PveClient.Reply[] {
                api.post("/nodes/pve1/qemu/105/status/start", Map.of()),
                api.delete("/nodes/pve1/qemu/105"),
                api.put("/nodes/pve1/qemu/105/config", Map.of("memory", "4096"))}) {
            assertThat(refused.status()).isEqualTo(500);
            assertThat(refused.reason()).isEqualTo("VM is locked (clone)");
        }

        assertThat(tasks.awaitEnd(upid)).isEqualTo("OK");
        assertThat(tasks.current("pve1", "qemu", 105).data().has("lock")).isFalse();
        assertThat(tasks.log(upid)).contains("create linked clone of drive scsi0 (local-lvm:base-9000-disk-0)",
                "  Logical volume \"vm-105-disk-0\" created.").last().isEqualTo("TASK OK");
        JsonNode config = api.get("/nodes/pve1/qemu/105/config").data();
        assertThat(config.path("name").asText()).isEqualTo("web-9");
        assertThat(config.path("scsi0").asText()).startsWith("local-lvm:vm-105-disk-0,");
        assertThat(config.has("template")).isFalse();
    }

    @Test
    void fullCloneOfARunningVmEndsOnTheTargetNode() {
        start(Sims.fast());

        String upid = cloneOf("pve1", "qemu", 100,
                Map.of("newid", "300", "full", "1", "target", "pve2", "name", "web-copy", "storage", "local-lvm"));

        assertThat(tasks.awaitEnd(upid)).isEqualTo("OK");
        assertThat(tasks.current("pve2", "qemu", 300).data().path("name").asText()).isEqualTo("web-copy");
        assertThat(tasks.current("pve1", "qemu", 300).reason())
                .isEqualTo("Configuration file 'nodes/pve1/qemu-server/300.conf' does not exist");
        assertThat(tasks.log(upid)).contains("create full clone of drive scsi0 (local-lvm:vm-100-disk-0)",
                "transferred 32.0 GiB of 32.0 GiB (100.00%)", "moving VM 300 to node 'pve2'");
        assertThat(tasks.current("pve1", "qemu", 100).data().path("status").asText()).isEqualTo("running");

        // Without 'full', a clone of a VM that is no template is a full clone.
        String implicit = cloneOf("pve1", "qemu", 102, Map.of("newid", "301"));
        assertThat(tasks.awaitEnd(implicit)).isEqualTo("OK");
        assertThat(tasks.current("pve1", "qemu", 301).data().path("name").asText()).isEqualTo("Copy-of-VM-ci-worker-1");
    }

    @Test
    void refusedClonesLeaveNothingBehind() {
        start(Sims.fast());

        PveClient.Reply taken = api.post("/nodes/pve1/qemu/9000/clone", Map.of("newid", "101"));
        assertThat(taken.status()).isEqualTo(500);
        assertThat(taken.reason()).isEqualTo("unable to create VM 101: config file already exists");
        PveClient.Reply takenCt = api.post("/nodes/pve2/lxc/9100/clone", Map.of("newid", "200"));
        assertThat(takenCt.reason()).isEqualTo("CT 200 already exists");
        PveClient.Reply linked = api.post("/nodes/pve1/qemu/100/clone", Map.of("newid", "310", "full", "0"));
        assertThat(linked.status()).isEqualTo(500);
        assertThat(linked.reason()).isEqualTo("Linked clone feature is not supported for 'VM 100' (need template)");
        PveClient.Reply noTarget = api.post("/nodes/pve1/qemu/9000/clone", Map.of("newid", "311", "target", "pve9"));
        assertThat(noTarget.reason()).isEqualTo("no such cluster node 'pve9'");
        PveClient.Reply noNewid = api.post("/nodes/pve1/qemu/9000/clone", Map.of("name", "x"));
        assertThat(noNewid.status()).isEqualTo(400);
        assertThat(noNewid.body().path("errors").path("newid").asText())
                .isEqualTo("property is missing and it is not optional");

        assertThat(sim.state().guests()).hasSize(10);
        assertThat(sim.state().tasks()).isEmpty();
        assertThat(tasks.current("pve2", "lxc", 9100).data().has("lock")).isFalse();
    }

    @Test
    void secondCloneOfAContainerBeingClonedFailsAtOnceWithTheDiskLock() {
        start(Sims.fast().cloneDuration(CloneKind.LXC, Duration.ofSeconds(150)));

        String first = cloneOf("pve2", "lxc", 9100, Map.of("newid", "400", "hostname", "ct-a"));
        PveClient.Reply second = api.post("/nodes/pve2/lxc/9100/clone", Map.of("newid", "401", "hostname", "ct-b"));

        assertThat(first).contains(":vzclone:9100:");
        assertThat(second.status()).isEqualTo(500);
        assertThat(second.reason()).isEqualTo("CT is locked (disk)");
        assertThat(sim.state().isVmidUsed(401)).isFalse();
        assertThat(tasks.current("pve2", "lxc", 9100).data().path("lock").asText()).isEqualTo("disk");
        assertThat(tasks.current("pve2", "lxc", 400).data().path("lock").asText()).isEqualTo("clone");

        assertThat(tasks.awaitEnd(first)).isEqualTo("OK");
        assertThat(tasks.current("pve2", "lxc", 9100).data().has("lock")).isFalse();
        assertThat(api.get("/nodes/pve2/lxc/400/config").data().path("hostname").asText()).isEqualTo("ct-a");
        assertThat(tasks.log(first)).contains("create linked clone of mount point rootfs (local-lvm:base-9100-disk-0)");
        assertThat(tasks.awaitEnd(cloneOf("pve2", "lxc", 9100, Map.of("newid", "401")))).isEqualTo("OK");
    }

    @Test
    void secondCloneOfAVmBeingClonedWaitsForTheLockThenTimesOut() {
        start(Sims.fast().cloneDuration(CloneKind.QEMU_LINKED, Duration.ofSeconds(100)) // 1 s
                .lockTimeout(Duration.ofSeconds(20)));                                // 200 ms

        String first = cloneOf("pve1", "qemu", 9000, Map.of("newid", "160"));
        String second = cloneOf("pve1", "qemu", 9000, Map.of("newid", "161"));

        assertThat(tasks.current("pve1", "qemu", 161).data().path("lock").asText()).isEqualTo("clone");
        assertThat(tasks.current("pve1", "qemu", 9000).data().has("lock")).isFalse();
        String timeout = "can't lock file '/var/lock/qemu-server/lock-9000.conf' - got timeout";
        assertThat(tasks.awaitEnd(second)).isEqualTo(timeout);
        assertThat(tasks.log(second)).last().isEqualTo("TASK ERROR: " + timeout);
        assertThat(tasks.current("pve1", "qemu", 161).status()).isEqualTo(500);
        assertThat(tasks.status(first).path("status").asText()).isEqualTo("running");
        assertThat(tasks.awaitEnd(first)).isEqualTo("OK");
    }

    @Test
    void secondCloneOfAVmProceedsWhenTheFirstEndsWithinTheLockTimeout() {
        start(Sims.fast().cloneDuration(CloneKind.QEMU_LINKED, Duration.ofSeconds(20)) // 200 ms
                .lockTimeout(Duration.ofSeconds(500)));                               // 5 s

        String first = cloneOf("pve1", "qemu", 9001, Map.of("newid", "162"));
        String second = cloneOf("pve1", "qemu", 9001, Map.of("newid", "163"));

        assertThat(tasks.awaitEnd(second)).isEqualTo("OK");
        assertThat(tasks.status(first).path("exitstatus").asText()).isEqualTo("OK");
        assertThat(tasks.current("pve1", "qemu", 162).data().has("lock")).isFalse();
        assertThat(tasks.current("pve1", "qemu", 163).data().has("lock")).isFalse();
    }

    @Test
    void stoppingACloneRemovesTheHalfMadeGuestAndReleasesTheSource() {
        start(Sims.fast().cloneDuration(CloneKind.QEMU_LINKED, Duration.ofSeconds(1_000))
                .cloneDuration(CloneKind.LXC, Duration.ofSeconds(1_000)));
        String vm = cloneOf("pve1", "qemu", 9000, Map.of("newid", "170"));
        String waiting = cloneOf("pve1", "qemu", 9000, Map.of("newid", "171", "full", "1"));
        String ct = cloneOf("pve2", "lxc", 9100, Map.of("newid", "410"));

        for (String upid : new String[] {waiting, vm, ct}) {
            assertThat(api.delete("/nodes/" + Tasks.node(upid) + "/tasks/" + PveClient.encode(upid)).status())
                    .isEqualTo(200);
            assertThat(tasks.status(upid).path("exitstatus").asText()).isEqualTo("interrupted by signal");
        }

        assertThat(sim.state().isVmidUsed(170)).isFalse();
        assertThat(sim.state().isVmidUsed(171)).isFalse();
        assertThat(sim.state().isVmidUsed(410)).isFalse();
        assertThat(tasks.current("pve2", "lxc", 9100).data().has("lock")).isFalse();
        // The VM's file lock is free again: a full clone (200 ms) does not wait for it.
        assertThat(tasks.awaitEnd(cloneOf("pve1", "qemu", 9000, Map.of("newid", "172", "full", "1"))))
                .isEqualTo("OK");
    }

    @Test
    void injectedFailuresAndWarningsEndClonesAsPveDoes() {
        start(Sims.fast());
        sim.faults().failNext("qmclone", 1, "storage migration failed: out of space").warnNext("qmclone", 1);

        String failed = cloneOf("pve1", "qemu", 9000, Map.of("newid", "180"));
        assertThat(tasks.awaitEnd(failed)).isEqualTo("storage migration failed: out of space");
        assertThat(tasks.log(failed)).last().isEqualTo("TASK ERROR: storage migration failed: out of space");
        assertThat(sim.state().isVmidUsed(180)).isFalse();

        String warned = cloneOf("pve1", "qemu", 9000, Map.of("newid", "181"));
        assertThat(tasks.awaitEnd(warned)).isEqualTo("WARNINGS: 1");
        assertThat(tasks.log(warned)).last().isEqualTo("TASK WARNINGS: 1");
        assertThat(tasks.current("pve1", "qemu", 181).data().has("lock")).isFalse();

        assertThat(tasks.awaitEnd(cloneOf("pve1", "qemu", 9000, Map.of("newid", "182")))).isEqualTo("OK");
    }
}
