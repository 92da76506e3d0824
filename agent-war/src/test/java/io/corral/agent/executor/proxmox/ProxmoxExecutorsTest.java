package io.corral.agent.executor.proxmox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.corral.agent.Await;
import io.corral.agent.clone.CloneGate;
import io.corral.agent.clone.CloneGateSettings;
import io.corral.agent.clone.CloneSlot;
import io.corral.agent.executor.CancellationFlag;
import io.corral.agent.executor.CommandContext;
import io.corral.agent.executor.CommandFailure;
import io.corral.agent.executor.ExecutorRegistry;
import io.corral.agent.executor.Progress;
import io.corral.agent.pve.PveClient;
import io.corral.agent.pve.PveSettings;
import io.corral.pvesim.CloneKind;
import io.corral.pvesim.Guest;
import io.corral.pvesim.PveSimulator;
import io.corral.pvesim.Seed;
import io.corral.pvesim.Task;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code proxmox.*} executors against the simulator over HTTP (default seed; time factor 0.01:
 * a start takes 20 ms, a linked clone 50 ms, a full clone 5 s, the QEMU lock timeout 2 ms).
 */
class ProxmoxExecutorsTest {

    static final ProxmoxSettings FAST = new ProxmoxSettings(Duration.ofMillis(20), Duration.ofMillis(20), 2, Duration.ofMillis(20),
            Duration.ofMillis(80), Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(30), 20);

    private static PveSimulator sim;
    private static PveClient pve;
    private static CloneGate gate;
    private static ExecutorRegistry executors;

    private final List<Progress> progress = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startSimulator() {
        sim = PveSimulator.builder().port(0).seed(Seed.defaultSeed()).apiToken("root@pam!corral", "secret")
                .timeFactor(0.01)
                .cloneDuration(CloneKind.QEMU_FULL, Duration.ofSeconds(500)) // 5 s: long enough to cancel
                .lockTimeout(Duration.ofMillis(200))
                .start();
        pve = new PveClient(PveSettings.of(sim.baseUrl(), "root@pam!corral=secret"));
        gate = CloneGate.forPve(pve, CloneGateSettings.defaults().withWatchInterval(Duration.ofMillis(20)),
                Executors.defaultThreadFactory());
        executors = registry(FAST, gate);
    }

    @AfterAll
    static void stopSimulator() {
        gate.close();
        sim.close();
    }

    @BeforeEach
    @AfterEach
    void resetSimulator() {
        sim.reset();
        sim.faults().clear();
    }

    static ExecutorRegistry registry(ProxmoxSettings settings, CloneGate cloneGate) {
        return new ExecutorRegistry(ProxmoxExecutors.all(pve, cloneGate, settings));
    }

    static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    JsonObject run(String type, String payload) throws CommandFailure {
        return run(executors, type, payload, new CancellationFlag());
    }

    JsonObject run(ExecutorRegistry registry, String type, String payload, CancellationFlag cancel)
            throws CommandFailure {
        CommandContext context = new CommandContext("c-1", json(payload), progress::add, cancel);
        return registry.find(type).orElseThrow().execute(context);
    }

    CommandFailure failure(String type, String payload) {
        return catchThrowableOfType(CommandFailure.class, () -> run(type, payload));
    }

    static Optional<Guest> guest(int vmid) {
        return sim.state().guests().stream().filter(g -> g.vmid() == vmid).findFirst();
    }

    static Task task(String upid) {
        return sim.state().task(upid).orElseThrow();
    }

    // ---- registry ----

    @Test
    void advertisesEveryProxmoxType() {
        assertThat(executors.types()).contains("proxmox.start", "proxmox.stop", "proxmox.shutdown",
                "proxmox.hibernate", "proxmox.resume", "proxmox.destroy", "proxmox.config.get", "proxmox.config.set",
                "proxmox.metrics", "proxmox.wait-task", "proxmox.wait-vm-status", "proxmox.wait-vm-presence",
                "proxmox.clone", "proxmox.status", "proxmox.list");
        assertThat(ProxmoxExecutors.typeLimits(Map.of())).containsEntry("proxmox.clone", 32);
        assertThat(ProxmoxExecutors.typeLimits(Map.of("proxmox.clone", 3))).containsEntry("proxmox.clone", 3);
    }

    // ---- power ----

    @Test
    void startLooksUpTheTypeAndReportsTheTask() throws Exception {
        JsonObject result = run("proxmox.start", "{\"node\":\"pve1\",\"vmid\":102}");

        assertThat(result.getString("exitstatus")).isEqualTo("OK");
        assertThat(result.getString("upid")).startsWith("UPID:pve1:").contains(":qmstart:102:");
        assertThat(result.getString("action")).isEqualTo("start");
        assertThat(result.getString("type")).isEqualTo("qemu");
        assertThat(result.getString("status")).isEqualTo("running");
        assertThat(result).doesNotContainKey("warnings");
        assertThat(progress).anySatisfy(p -> assertThat(p.upid()).isEqualTo(result.getString("upid")));
    }

    @Test
    void stopAndShutdownWithATimeout() throws Exception {
        assertThat(run("proxmox.stop", "{\"node\":\"pve1\",\"vmid\":100,\"type\":\"qemu\"}").getString("status"))
                .isEqualTo("stopped");
        JsonObject shutdown = run("proxmox.shutdown", "{\"node\":\"pve1\",\"vmid\":200,\"timeout\":30,\"forceStop\":true}");
        assertThat(shutdown.getString("type")).isEqualTo("lxc");
        assertThat(shutdown.getString("status")).isEqualTo("stopped");
        assertThat(shutdown.getString("upid")).contains(":vzshutdown:200:");
    }

    @Test
    void hibernateThenResumeStartsTheVmAgain() throws Exception {
        JsonObject hibernated = run("proxmox.hibernate", "{\"node\":\"pve1\",\"vmid\":100}");
        assertThat(hibernated.getString("status")).isEqualTo("stopped");
        assertThat(hibernated.getString("lock")).isEqualTo("suspended");
        assertThat(hibernated.getString("upid")).contains(":qmsuspend:100:");

        JsonObject resumed = run("proxmox.resume", "{\"node\":\"pve1\",\"vmid\":100}");
        assertThat(resumed.getString("via")).isEqualTo("start");
        assertThat(resumed.getString("status")).isEqualTo("running");
        assertThat(guest(100).orElseThrow().lock()).isNull();

        assertThat(run("proxmox.resume", "{\"node\":\"pve1\",\"vmid\":100}").getBoolean("alreadyRunning")).isTrue();
    }

    @Test
    void containersCannotHibernate() {
        assertThat(failure("proxmox.hibernate", "{\"node\":\"pve1\",\"vmid\":200}").code())
                .isEqualTo("UNSUPPORTED_OPERATION");
    }

    @Test
    void aFailedTaskCarriesItsExitStatusAndLogTail() {
        sim.faults().failNext("qmstart", 1, "boom");

        CommandFailure failure = failure("proxmox.start", "{\"node\":\"pve1\",\"vmid\":102}");

        assertThat(failure.code()).isEqualTo("PVE_TASK_FAILED");
        assertThat(failure.getMessage()).contains("ended: boom").contains("TASK ERROR: boom")
                .contains("generating cloud-init ISO");
        assertThat(guest(102).orElseThrow().state().status()).isEqualTo("stopped");
    }

    @Test
    void warningsAreASuccessWithTheLogTail() throws Exception {
        sim.faults().warnNext("qmstart", 1);

        JsonObject result = run("proxmox.start", "{\"node\":\"pve1\",\"vmid\":102}");

        assertThat(result.getString("exitstatus")).isEqualTo("WARNINGS: 1");
        assertThat(result.getInt("warnings")).isEqualTo(1);
        assertThat(result.getJsonArray("logTail").getValuesAs(jakarta.json.JsonString.class))
                .extracting(jakarta.json.JsonString::getString).contains("TASK WARNINGS: 1");
    }

    @Test
    void aGuestLockedByACloneIsRetriedThenPveLocked() throws Exception {
        String clone = pve.postForTask("/nodes/pve1/qemu/9000/clone", Map.of("newid", "150", "full", "1"));
        long started = System.nanoTime();

        CommandFailure failure = failure("proxmox.start", "{\"node\":\"pve1\",\"vmid\":150}");

        assertThat(failure.code()).isEqualTo("PVE_LOCKED");
        assertThat(failure.getMessage()).contains("VM is locked (clone)").contains("after 2 retries");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(60));
        assertThat(progress).anySatisfy(p -> assertThat(p.message()).contains("retry 1/2"));
        pve.stopTask("pve1", clone);
    }

    @Test
    void aHibernatedVmIsLockedForGoodSoNoRetry() throws Exception {
        run("proxmox.hibernate", "{\"node\":\"pve1\",\"vmid\":100}");
        progress.clear();

        CommandFailure failure = failure("proxmox.stop", "{\"node\":\"pve1\",\"vmid\":100}");

        assertThat(failure.code()).isEqualTo("PVE_LOCKED");
        assertThat(failure.getMessage()).contains("VM is locked (suspended)");
        assertThat(progress).noneSatisfy(p -> assertThat(p.message()).contains("retry"));
    }

    @Test
    void aMissingGuestIsNotFound() {
        assertThat(failure("proxmox.start", "{\"node\":\"pve1\",\"vmid\":555}").code()).isEqualTo("GUEST_NOT_FOUND");
        assertThat(failure("proxmox.stop", "{\"node\":\"pve1\",\"vmid\":555,\"type\":\"qemu\"}"))
                .satisfies(f -> assertThat(f.code()).isEqualTo("GUEST_NOT_FOUND"))
                .hasMessageContaining("does not exist");
        assertThat(failure("proxmox.start", "{\"node\":\"pve1\",\"vmid\":103}"))
                .hasMessageContaining("on node pve2");
    }

    @Test
    void cancellingAPowerActionStopsItsTask() throws Exception {
        CancellationFlag cancel = new CancellationFlag();
        // A start the simulator lets run for 2 s (200 s x 0.01).
        try (PveSimulator slow = PveSimulator.builder().port(0).apiToken("root@pam!corral", "secret").timeFactor(0.01)
                .taskDuration(io.corral.pvesim.PowerAction.START, Duration.ofSeconds(200)).start()) {
            PveClient slowPve = new PveClient(PveSettings.of(slow.baseUrl(), "root@pam!corral=secret"));
            ExecutorRegistry registry = new ExecutorRegistry(ProxmoxExecutors.all(slowPve, gate, FAST));
            Thread canceller = new Thread(() -> {
                Await.until("the start task", () -> progress.stream().anyMatch(p -> p.upid() != null));
                cancel.set("test cancel");
            });
            canceller.start();
            CommandFailure failure = catchThrowableOfType(CommandFailure.class,
                    () -> run(registry, "proxmox.start", "{\"node\":\"pve1\",\"vmid\":102}", cancel));
            canceller.join();

            assertThat(failure.isCancellation()).isTrue();
            assertThat(failure.getMessage()).contains("stopped (interrupted by signal)");
            String upid = progress.stream().filter(p -> p.upid() != null).findFirst().orElseThrow().upid();
            assertThat(slow.state().task(upid).orElseThrow().exitStatus()).isEqualTo("interrupted by signal");
        }
    }

    // ---- destroy ----

    @Test
    void destroyRemovesAStoppedGuest() throws Exception {
        JsonObject result = run("proxmox.destroy", "{\"node\":\"pve1\",\"vmid\":102,\"purge\":true}");

        assertThat(result.getString("exitstatus")).isEqualTo("OK");
        assertThat(result.getString("upid")).contains(":qmdestroy:102:");
        assertThat(result.getBoolean("purge")).isTrue();
        assertThat(guest(102)).isEmpty();
    }

    @Test
    void destroyRefusesTemplatesUnlessAllowed() throws Exception {
        CommandFailure refused = failure("proxmox.destroy", "{\"node\":\"pve1\",\"vmid\":9000}");
        assertThat(refused.code()).isEqualTo("TEMPLATE_PROTECTED");
        assertThat(guest(9000)).isPresent();

        JsonObject destroyed = run("proxmox.destroy", "{\"node\":\"pve2\",\"vmid\":9100,\"allowTemplate\":true}");
        assertThat(destroyed.getBoolean("template")).isTrue();
        assertThat(guest(9100)).isEmpty();
    }

    @Test
    void destroyOfARunningGuestIsAProxmoxError() {
        CommandFailure failure = failure("proxmox.destroy", "{\"node\":\"pve1\",\"vmid\":100}");

        assertThat(failure.code()).isEqualTo("PVE_ERROR");
        assertThat(failure.getMessage()).contains("is running - destroy failed");
    }

    @Test
    void destroyTaskFailure() {
        sim.faults().failNext("qmdestroy", 1, "disk busy");

        CommandFailure failure = failure("proxmox.destroy", "{\"node\":\"pve1\",\"vmid\":102}");

        assertThat(failure.code()).isEqualTo("PVE_TASK_FAILED");
        assertThat(failure.getMessage()).contains("disk busy");
        assertThat(guest(102)).isPresent();
    }

    // ---- config ----

    @Test
    void configGetAndSet() throws Exception {
        JsonObject before = run("proxmox.config.get", "{\"node\":\"pve1\",\"vmid\":100}").getJsonObject("config");
        assertThat(before.getString("name")).isEqualTo("web-1");
        assertThat(before).containsKey("digest");

        JsonObject set = run("proxmox.config.set", "{\"node\":\"pve1\",\"vmid\":100,\"config\":{\"memory\":2048,"
                + "\"description\":\"corral test\",\"onboot\":true},\"digest\":\"" + before.getString("digest") + "\"}");
        assertThat(set.getJsonArray("updated").toString()).isEqualTo("[\"memory\",\"description\",\"onboot\"]");

        JsonObject after = run("proxmox.config.get", "{\"node\":\"pve1\",\"vmid\":100}").getJsonObject("config");
        assertThat(after.getString("memory")).isEqualTo("2048");
        assertThat(after.getString("description")).isEqualTo("corral test");
        assertThat(String.valueOf(after.get("onboot"))).contains("1");

        JsonObject deleted = run("proxmox.config.set", "{\"node\":\"pve1\",\"vmid\":100,\"config\":{\"description\":null}}");
        assertThat(deleted.getJsonArray("deleted").toString()).isEqualTo("[\"description\"]");
        assertThat(run("proxmox.config.get", "{\"node\":\"pve1\",\"vmid\":100}").getJsonObject("config"))
                .doesNotContainKey("description");
    }

    @Test
    void configSetRefusesBadKeysAndStaleDigests() {
        assertThat(failure("proxmox.config.set", "{\"node\":\"pve1\",\"vmid\":100,\"config\":{\"vmid\":5}}"))
                .hasMessageStartingWith("payload.config.vmid:");
        assertThat(failure("proxmox.config.set", "{\"node\":\"pve1\",\"vmid\":100,\"config\":{\"a b\":1}}").code())
                .isEqualTo("INVALID_PAYLOAD");
        assertThat(failure("proxmox.config.set", "{\"node\":\"pve1\",\"vmid\":100,\"config\":{}}"))
                .hasMessage("payload.config: must set or delete at least one key");
        assertThat(failure("proxmox.config.set", "{\"node\":\"pve1\",\"vmid\":100,\"config\":{\"description\":{}}}"))
                .hasMessageContaining("must be a string, a number, a boolean or null");
        CommandFailure stale = failure("proxmox.config.set",
                "{\"node\":\"pve1\",\"vmid\":100,\"config\":{\"memory\":1024},\"digest\":\"abcdef\"}");
        assertThat(stale.code()).isEqualTo("PVE_ERROR");
        assertThat(stale.getMessage()).contains("detected modified configuration");
    }

    // ---- metrics ----

    @Test
    void configSetForwardsOnlyAllowedKeys() throws Exception {
        for (String config : List.of("{\"args\":\"-monitor stdio\"}", "{\"hookscript\":\"local:snippets/x.pl\"}",
                "{\"hostpci0\":\"0000:01:00.0\"}", "{\"usb1\":\"host=1-1\"}", "{\"serial0\":\"socket\"}",
                "{\"scsi1\":\"local-lvm:vm-100-disk-9\"}", "{\"virtio0\":\"/dev/sda\"}",
                "{\"memory\":2048,\"args\":\"-x\"}")) {
            CommandFailure failure = failure("proxmox.config.set", "{\"node\":\"pve1\",\"vmid\":100,\"config\":" + config + "}");
            assertThat(failure).as(config).isNotNull();
            assertThat(failure.code()).as(config).isEqualTo("KEY_NOT_ALLOWED");
        }
        CommandFailure delete = failure("proxmox.config.set",
                "{\"node\":\"pve1\",\"vmid\":100,\"config\":{\"memory\":1024},\"delete\":\"hookscript\"}");
        assertThat(delete.code()).isEqualTo("KEY_NOT_ALLOWED");
        assertThat(delete.getMessage()).contains("hookscript");
        assertThat(run("proxmox.config.get", "{\"node\":\"pve1\",\"vmid\":100}").getJsonObject("config"))
                .doesNotContainKeys("args", "hookscript", "hostpci0");

        JsonObject allowed = run("proxmox.config.set", "{\"node\":\"pve1\",\"vmid\":100,\"config\":{\"name\":\"web-1b\","
                + "\"cores\":2,\"net1\":\"virtio,bridge=vmbr0\",\"tags\":\"corral\"}}");
        assertThat(allowed.getJsonArray("updated")).hasSize(4);
    }

    @Test
    void configSetKeysAreConfigurable() throws Exception {
        ExecutorRegistry narrow = registry(FAST.withConfigSetKeys(ConfigSetKeys.parse("description, net[n]")), gate);

        CommandFailure memory = catchThrowableOfType(CommandFailure.class, () -> run(narrow, "proxmox.config.set",
                "{\"node\":\"pve1\",\"vmid\":100,\"config\":{\"memory\":1024}}", new CancellationFlag()));
        assertThat(memory.code()).isEqualTo("KEY_NOT_ALLOWED");
        assertThat(memory.getMessage()).contains("payload.config.memory").contains("allowed: description,net[n]");
        assertThat(run(narrow, "proxmox.config.set", "{\"node\":\"pve1\",\"vmid\":100,\"config\":{\"net2\":"
                + "\"virtio,bridge=vmbr0\"}}", new CancellationFlag()).getJsonArray("updated")).hasSize(1);
        assertThat(ConfigSetKeys.parse(" ").entries()).contains("name", "net[n]").doesNotContain("args", "hookscript");
    }

    @Test
    void metricsOfTheClusterAndOfOneNode() throws Exception {
        JsonObject all = run("proxmox.metrics", "{}");
        List<JsonObject> guests = all.getJsonArray("guests").getValuesAs(JsonObject.class);
        assertThat(guests).hasSize(7).extracting(g -> g.getInt("vmid")).containsExactly(100, 101, 102, 103, 104, 200, 201);
        JsonObject web = guests.get(0);
        assertThat(web.keySet()).contains("node", "vmid", "type", "name", "status", "cpu", "mem", "maxmem", "netin",
                "netout", "diskread", "diskwrite", "uptime");
        assertThat(web.getJsonNumber("maxmem").longValue()).isEqualTo(4294967296L);
        assertThat(all.getString("collectedAt")).isNotBlank();

        assertThat(run("proxmox.metrics", "{\"node\":\"pve2\"}").getJsonArray("guests")).hasSize(3);
        assertThat(run("proxmox.metrics", "{\"includeTemplates\":true}").getJsonArray("guests")).hasSize(10);
    }

    // ---- waits ----

    @Test
    void waitTaskTypesTheEnd() throws Exception {
        String ok = pve.postForTask("/nodes/pve1/qemu/102/status/start", Map.of());
        JsonObject done = run("proxmox.wait-task",
                "{\"node\":\"pve1\",\"upid\":\"" + ok + "\",\"timeoutSeconds\":10}");
        assertThat(done.getString("exitstatus")).isEqualTo("OK");
        assertThat(done.getString("type")).isEqualTo("qmstart");
        assertThat(done.getString("id")).isEqualTo("102");

        sim.faults().failNext("qmstop", 1, "stop failed");
        String bad = pve.postForTask("/nodes/pve1/qemu/102/status/stop", Map.of());
        assertThat(failure("proxmox.wait-task", "{\"node\":\"pve1\",\"upid\":\"" + bad + "\"}"))
                .satisfies(f -> assertThat(f.code()).isEqualTo("PVE_TASK_FAILED"))
                .hasMessageContaining("stop failed");

        assertThat(failure("proxmox.wait-task", "{\"node\":\"pve1\",\"upid\":\"UPID:../x\"}").code())
                .isEqualTo("INVALID_PAYLOAD");
        assertThat(failure("proxmox.wait-task", "{\"upid\":\"" + ok + "\"}")).hasMessage("payload.node: is required");
        assertThat(failure("proxmox.wait-task", "{\"upid\":\"" + ok + "\",\"node\":\"pve2\"}"))
                .hasMessageContaining("runs on node pve1");
    }

    @Test
    void waitTaskTimesOutWithoutStoppingTheTask() throws Exception {
        String clone = pve.postForTask("/nodes/pve1/qemu/9000/clone", Map.of("newid", "151", "full", "1"));

        CommandFailure failure = failure("proxmox.wait-task",
                "{\"node\":\"pve1\",\"upid\":\"" + clone + "\",\"timeoutSeconds\":1}");

        assertThat(failure.code()).isEqualTo("WAIT_TIMEOUT");
        assertThat(task(clone).isRunning()).isTrue();
        pve.stopTask("pve1", clone);
    }

    @Test
    void waitVmStatusAndPresence() throws Exception {
        pve.postForTask("/nodes/pve1/qemu/102/status/start", Map.of());
        JsonObject running = run("proxmox.wait-vm-status",
                "{\"node\":\"pve1\",\"vmid\":102,\"status\":\"running\",\"timeoutSeconds\":10}");
        assertThat(running.getString("status")).isEqualTo("running");

        assertThat(failure("proxmox.wait-vm-status", "{\"node\":\"pve1\",\"vmid\":101,\"status\":\"paused\","
                + "\"timeoutSeconds\":1}")).satisfies(f -> assertThat(f.code()).isEqualTo("WAIT_TIMEOUT"))
                .hasMessageContaining("last seen: running");
        assertThat(failure("proxmox.wait-vm-status", "{\"node\":\"pve1\",\"vmid\":101,\"status\":\"gone\"}").code())
                .isEqualTo("INVALID_PAYLOAD");

        pve.postForTask("/nodes/pve1/qemu/9000/clone", Map.of("newid", "160"));
        JsonObject present = run("proxmox.wait-vm-presence",
                "{\"node\":\"pve1\",\"vmid\":160,\"present\":true,\"timeoutSeconds\":10}");
        assertThat(present.getBoolean("present")).isTrue();
        assertThat(present.getString("node")).isEqualTo("pve1");

        Await.until("clone 160 done", () -> guest(160).map(g -> g.lock() == null).orElse(false));
        pve.deleteForTask("/nodes/pve1/qemu/160");
        JsonObject gone = run("proxmox.wait-vm-presence",
                "{\"node\":\"pve1\",\"vmid\":160,\"present\":false,\"timeoutSeconds\":10}");
        assertThat(gone.getBoolean("present")).isFalse();
        assertThat(gone.isNull("node")).isTrue();

        assertThat(failure("proxmox.wait-vm-presence",
                "{\"node\":\"pve1\",\"vmid\":161,\"present\":true,\"timeoutSeconds\":1}").code())
                .isEqualTo("WAIT_TIMEOUT");
    }

    // ---- clone ----

    @Test
    void cloneMakesTheRequestedVmid() throws Exception {
        JsonObject result = run("proxmox.clone", "{\"node\":\"pve1\",\"vmid\":9000,\"newid\":170,\"name\":\"c-170\","
                + "\"description\":\"from corral\"}");

        assertThat(result.getString("exitstatus")).isEqualTo("OK");
        assertThat(result.getInt("newid")).isEqualTo(170);
        assertThat(result.getString("upid")).contains(":qmclone:9000:");
        assertThat(result.getString("target")).isEqualTo("pve1");
        assertThat(result).containsKey("slotWaitMs");
        Guest copy = guest(170).orElseThrow();
        assertThat(copy.name()).isEqualTo("c-170");
        assertThat(copy.lock()).isNull();
        assertThat(gate.stats().running()).isZero();
    }

    @Test
    void cloneOfAContainerToAnotherNode() throws Exception {
        JsonObject result = run("proxmox.clone", "{\"node\":\"pve2\",\"vmid\":9100,\"newid\":171,\"name\":\"ct-171\","
                + "\"target\":\"pve1\",\"full\":true,\"storage\":\"local-lvm\"}");

        assertThat(result.getString("type")).isEqualTo("lxc");
        assertThat(result.getString("target")).isEqualTo("pve1");
        assertThat(guest(171).orElseThrow().node()).isEqualTo("pve1");
        assertThat(guest(171).orElseThrow().name()).isEqualTo("ct-171");
    }

    @Test
    void cloneRefusals() {
        assertThat(failure("proxmox.clone", "{\"node\":\"pve1\",\"vmid\":9000}"))
                .hasMessage("payload.newid: is required (the control plane reserves VMIDs)");
        assertThat(failure("proxmox.clone", "{\"node\":\"pve1\",\"vmid\":9000,\"newid\":100}").code())
                .isEqualTo("VMID_IN_USE");
        assertThat(failure("proxmox.clone", "{\"node\":\"pve1\",\"vmid\":9555,\"newid\":172}").code())
                .isEqualTo("GUEST_NOT_FOUND");
        assertThat(failure("proxmox.clone", "{\"node\":\"pve1\",\"vmid\":9000,\"newid\":172,\"name\":\"a b\"}"))
                .hasMessage("payload.name: must be a DNS name");
        assertThat(failure("proxmox.clone", "{\"node\":\"pve1\",\"vmid\":9000,\"newid\":172,\"storage\":\"../x\"}")
                .code()).isEqualTo("INVALID_PAYLOAD");
        assertThat(failure("proxmox.clone", "{\"node\":\"pve1\",\"vmid\":102,\"newid\":172,\"full\":false}"))
                .satisfies(f -> assertThat(f.code()).isEqualTo("PVE_ERROR"))
                .hasMessageContaining("need template");
        assertThat(gate.stats().running()).isZero();
    }

    @Test
    void aFailedCloneLeavesNoGuestAndFreesItsSlot() {
        sim.faults().failNext("qmclone", 1, "storage error");

        CommandFailure failure = failure("proxmox.clone", "{\"node\":\"pve1\",\"vmid\":9000,\"newid\":173}");

        assertThat(failure.code()).isEqualTo("PVE_TASK_FAILED");
        assertThat(failure.getMessage()).contains("storage error").contains("no half-made guest 173 remains");
        assertThat(guest(173)).isEmpty();
        assertThat(gate.stats().running()).isZero();
    }

    @Test
    void aLockHeldOutsideTheGateIsRetriedThenPveLocked() throws Exception {
        // A full clone started behind the gate's back holds 9001's lock for 5 s.
        String outside = pve.postForTask("/nodes/pve1/qemu/9001/clone", Map.of("newid", "174", "full", "1"));

        CommandFailure failure = failure("proxmox.clone", "{\"node\":\"pve1\",\"vmid\":9001,\"newid\":175}");

        assertThat(failure.code()).isEqualTo("PVE_LOCKED");
        assertThat(failure.getMessage()).contains("can't lock file '/var/lock/qemu-server/lock-9001.conf' - got timeout");
        assertThat(guest(175)).isEmpty();
        pve.stopTask("pve1", outside);
    }

    @Test
    void aLockThatComesFreeDuringTheBackoffIsOvercome() throws Exception {
        ProxmoxSettings patient = new ProxmoxSettings(Duration.ofMillis(20), Duration.ofMillis(20), 4, Duration.ofMillis(50),
                Duration.ofMillis(400), Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(30), 20);
        // A linked clone outside the gate: 50 ms.
        pve.postForTask("/nodes/pve1/qemu/9001/clone", Map.of("newid", "176"));

        JsonObject result = run(registry(patient, gate), "proxmox.clone",
                "{\"node\":\"pve1\",\"vmid\":9001,\"newid\":177}", new CancellationFlag());

        assertThat(result.getString("exitstatus")).isEqualTo("OK");
        assertThat(guest(177)).isPresent();
    }

    @Test
    void cancellingARunningCloneStopsItsTaskAndLeavesNoHalfMadeGuest() throws Exception {
        CancellationFlag cancel = new CancellationFlag();
        Thread canceller = new Thread(() -> {
            Await.until("the clone task", () -> progress.stream().anyMatch(p -> p.upid() != null));
            cancel.set("test cancel");
        });
        canceller.start();

        CommandFailure failure = catchThrowableOfType(CommandFailure.class, () -> run(executors, "proxmox.clone",
                "{\"node\":\"pve1\",\"vmid\":9000,\"newid\":180,\"full\":true}", cancel));
        canceller.join();

        assertThat(failure.isCancellation()).isTrue();
        assertThat(failure.getMessage()).contains("stopped (interrupted by signal)")
                .contains("no half-made guest 180 remains");
        String upid = progress.stream().filter(p -> p.upid() != null).findFirst().orElseThrow().upid();
        assertThat(task(upid).exitStatus()).isEqualTo("interrupted by signal");
        assertThat(guest(180)).isEmpty();
        assertThat(gate.stats().running()).isZero();
        assertThat(progress).last().satisfies(p -> assertThat(p.message()).contains("no half-made guest 180"));
    }

    @Test
    void aHalfMadeGuestProxmoxLeftBehindIsDestroyed() throws Exception {
        // What real Proxmox may leave after a stopped clone: the new guest, still "lock: clone".
        Seed seed = Seed.parse(new java.io.ByteArrayInputStream(("{\"nodes\":[{\"name\":\"pve1\",\"guests\":["
                + "{\"vmid\":9000,\"type\":\"qemu\",\"name\":\"tpl\",\"status\":\"stopped\",\"template\":true},"
                + "{\"vmid\":181,\"type\":\"qemu\",\"name\":\"half\",\"status\":\"stopped\",\"lock\":\"clone\"}]}]}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        try (PveSimulator other = PveSimulator.builder().port(0).seed(seed).apiToken("root@pam!corral", "secret")
                .timeFactor(0.01).start()) {
            PveClient otherPve = new PveClient(PveSettings.of(other.baseUrl(), "root@pam!corral=secret"));
            ProxmoxCloneExecutor clone = new ProxmoxCloneExecutor(new PveTasks(otherPve, FAST), gate);

            String cleanup = clone.removeHalfMade(new GuestRef("pve1", 9000, "qemu"), 181);

            assertThat(cleanup).startsWith("half-made guest 181 destroyed by the agent");
            assertThat(other.state().guests()).extracting(Guest::vmid).doesNotContain(181);
            assertThat(clone.removeHalfMade(new GuestRef("pve1", 9000, "qemu"), 181))
                    .isEqualTo("no half-made guest 181 remains");
        }
    }

    @Test
    void cancellingWhileWaitingForASlotLeavesTheQueue() throws Exception {
        CancellationFlag cancel = new CancellationFlag();
        try (CloneSlot held = gate.acquire("pve1", 9000, null, Duration.ofSeconds(1))) {
            Thread canceller = new Thread(() -> {
                Await.until("the clone to queue", () -> gate.stats().queued() == 1);
                cancel.set("test cancel");
            });
            canceller.start();

            CommandFailure failure = catchThrowableOfType(CommandFailure.class, () -> run(executors, "proxmox.clone",
                    "{\"node\":\"pve1\",\"vmid\":9000,\"newid\":182}", cancel));
            canceller.join();

            assertThat(failure.isCancellation()).isTrue();
            assertThat(failure.getMessage()).contains("while waiting for a clone slot");
            assertThat(gate.stats().queued()).isZero();
            assertThat(held.isReleased()).isFalse();
        }
        assertThat(guest(182)).isEmpty();
        assertThat(gate.stats().running()).isZero();
    }

    @Test
    void aFullQueueRefusesTheCloneAtOnce() throws Exception {
        try (CloneGate noQueue = CloneGate.forPve(pve, CloneGateSettings.defaults().withQueueLimit(0)
                .withWatchInterval(Duration.ofMillis(20)), Executors.defaultThreadFactory());
             CloneSlot held = noQueue.acquire("pve1", 9000, null, Duration.ofSeconds(1))) {
            long started = System.nanoTime();

            CommandFailure failure = catchThrowableOfType(CommandFailure.class, () -> run(registry(FAST, noQueue),
                    "proxmox.clone", "{\"node\":\"pve1\",\"vmid\":9000,\"newid\":183}", new CancellationFlag()));

            assertThat(failure.code()).isEqualTo("CLONE_QUEUE_FULL");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
            assertThat(held.isReleased()).isFalse();
        }
    }

    @Test
    void aSlotThatNeverComesFreeTimesOut() throws Exception {
        try (CloneSlot held = gate.acquire("pve1", 9000, null, Duration.ofSeconds(1))) {
            CommandFailure failure = failure("proxmox.clone",
                    "{\"node\":\"pve1\",\"vmid\":9000,\"newid\":184,\"slotWaitSeconds\":0}");

            assertThat(failure.code()).isEqualTo("CLONE_SLOT_TIMEOUT");
            assertThat(held.isReleased()).isFalse();
        }
    }
}
