package io.corral.agent.executor.proxmox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.corral.agent.Await;
import io.corral.agent.clone.CloneGate;
import io.corral.agent.clone.CloneGateSettings;
import io.corral.agent.executor.CancellationFlag;
import io.corral.agent.executor.CommandContext;
import io.corral.agent.executor.CommandFailure;
import io.corral.agent.executor.ExecutorRegistry;
import io.corral.agent.executor.Progress;
import io.corral.agent.pve.PveClient;
import io.corral.agent.pve.PveSettings;
import io.corral.pvesim.Guest;
import io.corral.pvesim.PveSimulator;
import io.corral.pvesim.RunState;
import io.corral.pvesim.Seed;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code proxmox.create} against the simulator over HTTP (default seed; time factor 0.01: a VM's
 * create takes 30 ms, a container's 120 ms, a start 20 ms).
 */
class ProxmoxCreateExecutorTest {

    private static final String DEBIAN = "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst";

    private static PveSimulator sim;
    private static PveClient pve;
    private static CloneGate gate;
    private static ExecutorRegistry executors;

    private final List<Progress> progress = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startSimulator() {
        sim = PveSimulator.builder().port(0).seed(Seed.defaultSeed()).apiToken("root@pam!corral", "secret")
                .timeFactor(0.01).start();
        pve = new PveClient(PveSettings.of(sim.baseUrl(), "root@pam!corral=secret"));
        gate = CloneGate.forPve(pve, CloneGateSettings.defaults().withWatchInterval(Duration.ofMillis(20)),
                Executors.defaultThreadFactory());
        executors = new ExecutorRegistry(ProxmoxExecutors.all(pve, gate, ProxmoxExecutorsTest.FAST));
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

    private JsonObject run(String payload) throws CommandFailure {
        return run(payload, new CancellationFlag());
    }

    private JsonObject run(String payload, CancellationFlag cancel) throws CommandFailure {
        JsonObject json = Json.createReader(new StringReader(payload)).readObject();
        CommandContext context = new CommandContext("c-1", json, progress::add, cancel);
        return executors.find(ProxmoxCreateExecutor.TYPE).orElseThrow().execute(context);
    }

    private CommandFailure failure(String payload) {
        return catchThrowableOfType(CommandFailure.class, () -> run(payload));
    }

    private static Optional<Guest> guest(int vmid) {
        return sim.state().guests().stream().filter(g -> g.vmid() == vmid).findFirst();
    }

    private static JsonObject config(String node, String type, int vmid) throws Exception {
        return pve.get("/nodes/" + node + "/" + type + "/" + vmid + "/config").asJsonObject();
    }

    @Test
    void createsAVmWithTheResourcesAskedFor() throws Exception {
        JsonObject result = run("{\"node\":\"pve1\",\"vmid\":150,\"name\":\"web-150\",\"cores\":4,\"sockets\":2,"
                + "\"memory\":4096,\"disks\":{\"scsi0\":\"local-lvm:32,iothread=1\",\"ide2\":\"none,media=cdrom\"},"
                + "\"net\":{\"net0\":\"virtio,bridge=vmbr0\"},\"description\":\"made by corral\"}");

        assertThat(executors.types()).contains("proxmox.create");
        assertThat(result.getString("exitstatus")).isEqualTo("OK");
        assertThat(result.getString("upid")).startsWith("UPID:pve1:").contains(":qmcreate:150:");
        assertThat(result.getString("type")).isEqualTo("qemu");
        assertThat(result.getString("name")).isEqualTo("web-150");
        assertThat(result.getJsonObject("disks").getString("scsi0")).isEqualTo("local-lvm:32,iothread=1");
        assertThat(result.isNull("start")).isTrue();
        assertThat(result.getString("status")).isEqualTo("stopped");
        assertThat(progress).anySatisfy(p -> assertThat(p.upid()).isEqualTo(result.getString("upid")));
        Guest vm = guest(150).orElseThrow();
        assertThat(vm.lock()).isNull();
        assertThat(vm.cores()).isEqualTo(4);
        assertThat(vm.maxmem()).isEqualTo(4096L << 20);
        JsonObject config = config("pve1", "qemu", 150);
        assertThat(config.getString("scsi0")).isEqualTo("local-lvm:vm-150-disk-0,iothread=1,size=32G");
        assertThat(config.getString("net0")).startsWith("virtio=BC:24:11:").endsWith(",bridge=vmbr0");
        assertThat(config.getString("sockets")).isEqualTo("2");
        assertThat(config.getString("description")).isEqualTo("made by corral");
    }

    @Test
    void createsAContainerFromItsTemplateAndStartsIt() throws Exception {
        JsonObject result = run("{\"node\":\"pve2\",\"vmid\":300,\"type\":\"lxc\",\"name\":\"ct-300\",\"ostemplate\":\""
                + DEBIAN + "\",\"rootfs\":\"local-lvm:8\",\"memory\":1024,\"cores\":2,"
                + "\"net\":{\"net0\":\"name=eth0,bridge=vmbr0,ip=dhcp\"},\"start\":true}");

        assertThat(result.getString("type")).isEqualTo("lxc");
        assertThat(result.getString("upid")).contains(":vzcreate:300:");
        assertThat(result.getJsonObject("start").getString("upid")).contains(":vzstart:300:");
        assertThat(result.getJsonObject("start").getString("exitstatus")).isEqualTo("OK");
        assertThat(result.getString("status")).isEqualTo("running");
        assertThat(guest(300).orElseThrow().state()).isEqualTo(RunState.RUNNING);
        JsonObject config = config("pve2", "lxc", 300);
        assertThat(config.getString("hostname")).isEqualTo("ct-300");
        assertThat(config.getString("rootfs")).isEqualTo("local-lvm:vm-300-disk-0,size=8G");
        assertThat(config.getString("net0")).contains("hwaddr=BC:24:11:").endsWith("type=veth");
    }

    @Test
    void everyFieldIsCheckedBeforeProxmoxIsAsked() {
        String vm = "{\"node\":\"pve1\",\"vmid\":160,";
        String ct = "{\"node\":\"pve1\",\"vmid\":160,\"type\":\"lxc\",\"ostemplate\":\"" + DEBIAN + "\",";
        assertRefused("{\"node\":\"pve1\",\"vmid\":160,\"type\":\"lxc\"}", "payload.ostemplate: is required for lxc");
        assertRefused(vm + "\"ostemplate\":\"" + DEBIAN + "\"}", "payload.ostemplate: only for lxc");
        assertRefused(vm + "\"disks\":{\"scsi31\":\"local-lvm:1\"}}", "payload.disks: 'scsi31' is not a Proxmox VM disk key");
        assertRefused(vm + "\"disks\":{\"mp0\":\"local-lvm:1,mp=/data\"}}", "payload.disks: 'mp0' is not");
        assertRefused(ct + "\"disks\":{\"scsi0\":\"local-lvm:1\"}}", "payload.disks: 'scsi0' is not a Proxmox container");
        assertRefused(vm + "\"disks\":{\"scsi0\":32}}", "payload.disks.scsi0: must be a string");
        assertRefused(vm + "\"disks\":{\"scsi0\":\"local-lvm:32\\nlock: backup\"}}",
                "payload.disks.scsi0: must not contain control characters");
        assertRefused(vm + "\"disks\":{\"virtio0\":\" \"}}", "payload.disks.virtio0: must not be blank");
        assertRefused(vm + "\"disks\":[\"scsi0\"]}", "payload.disks: must be an object");
        assertRefused(vm + "\"net\":{\"eth0\":\"virtio\"}}", "payload.net: 'eth0' is not a Proxmox network key");
        assertRefused(vm + "\"net\":{\"net32\":\"virtio\"}}", "payload.net: 'net32' is not");
        assertRefused(vm + "\"net\":{\"net0\":\"virtio\\u0000\"}}", "payload.net.net0: must not contain control");
        assertRefused(vm + "\"rootfs\":\"local-lvm:8\"}", "payload.rootfs: only for lxc");
        assertRefused(ct + "\"rootfs\":\"local-lvm:8\\r\"}", "payload.rootfs: must not contain control characters");
        assertRefused(ct + "\"sockets\":2}", "payload.sockets: only for qemu");
        assertRefused(vm + "\"memory\":8}", "payload.memory: must be between 16 and");
        assertRefused(vm + "\"memory\":\"4G\"}", "payload.memory: must be an integer");
        assertRefused(vm + "\"cores\":0}", "payload.cores: must be between 1 and");
        assertRefused(vm + "\"name\":\"a b\"}", "payload.name: must be a DNS name");
        assertRefused(vm + "\"storage\":\"../x\"}", "payload.storage: must be a Proxmox storage id");
        assertRefused(vm + "\"start\":\"yes\"}", "payload.start: must be true or false");
        assertRefused(vm + "\"description\":\"bell\\u0007\"}", "payload.description: must not contain control");
        assertRefused(vm + "\"type\":\"vm\"}", "payload.type: must be \"qemu\" or \"lxc\"");
        assertRefused("{\"node\":\"pve1\",\"vmid\":99}", "payload.vmid: must be between 100 and");
        assertRefused("{\"vmid\":160}", "payload.node: is required");

        assertThat(sim.state().tasks()).isEmpty();
        assertThat(sim.state().guests()).hasSize(10);
    }

    private void assertRefused(String payload, String message) {
        CommandFailure failure = failure(payload);
        assertThat(failure).as(payload).isNotNull();
        assertThat(failure.code()).as(payload).isEqualTo(CommandFailure.INVALID_PAYLOAD);
        assertThat(failure.getMessage()).as(payload).startsWith(message);
    }

    @Test
    void aTakenVmidIsRefusedWithoutACreate() {
        CommandFailure failure = failure("{\"node\":\"pve1\",\"vmid\":201,\"disks\":{\"scsi0\":\"local-lvm:8\"}}");

        assertThat(failure.code()).isEqualTo("VMID_IN_USE");
        assertThat(failure.getMessage()).isEqualTo("VMID 201 is taken (lxc cache-1 on pve2)");
        assertThat(sim.state().tasks()).isEmpty();
    }

    @Test
    void proxmoxRefusalsArePveErrorsNamingTheParameter() {
        CommandFailure storage = failure("{\"node\":\"pve1\",\"vmid\":161,\"disks\":{\"scsi0\":\"nas:32\"}}");
        assertThat(storage.code()).isEqualTo("PVE_ERROR");
        assertThat(storage.getMessage()).contains("storage 'nas' does not exist");

        CommandFailure net = failure("{\"node\":\"pve2\",\"vmid\":161,\"type\":\"lxc\",\"ostemplate\":\"" + DEBIAN
                + "\",\"rootfs\":\"local-lvm:2\",\"net\":{\"net0\":\"bridge=vmbr0\"}}");
        assertThat(net.code()).isEqualTo("PVE_ERROR");
        assertThat(net.getMessage()).contains("Parameter verification failed.")
                .contains("net0.name: property is missing and it is not optional");
        assertThat(guest(161)).isEmpty();
    }

    @Test
    void aFailedCreateLeavesNoGuest() {
        sim.faults().failNext("qmcreate", 1, "unable to create VM 170 - lvcreate failed: out of space");

        CommandFailure failure = failure("{\"node\":\"pve1\",\"vmid\":170,\"disks\":{\"scsi0\":\"local-lvm:8\"}}");

        assertThat(failure.code()).isEqualTo("PVE_TASK_FAILED");
        assertThat(failure.getMessage()).contains("lvcreate failed: out of space")
                .contains("TASK ERROR: unable to create VM 170").contains("no half-made guest 170 remains");
        assertThat(guest(170)).isEmpty();
    }

    @Test
    void warningsAreASuccessWithTheLogTail() throws Exception {
        sim.faults().warnNext("qmcreate", 1);

        JsonObject result = run("{\"node\":\"pve1\",\"vmid\":171,\"disks\":{\"scsi0\":\"local-lvm:8\"}}");

        assertThat(result.getString("exitstatus")).isEqualTo("WARNINGS: 1");
        assertThat(result.getInt("warnings")).isEqualTo(1);
        assertThat(result.getJsonArray("logTail").toString()).contains("successfully created disk");
        assertThat(guest(171).orElseThrow().lock()).isNull();
    }

    @Test
    void aStartThatFailsLeavesTheCreatedGuestAndSaysSo() {
        sim.faults().failNext("qmstart", 1, "start failed: QEMU exited with code 1");

        CommandFailure failure = failure("{\"node\":\"pve1\",\"vmid\":172,\"disks\":{\"scsi0\":\"local-lvm:8\"},"
                + "\"start\":true}");

        assertThat(failure.code()).isEqualTo("PVE_TASK_FAILED");
        assertThat(failure.getMessage()).startsWith("VM 172 was created (UPID:pve1:").contains(":qmcreate:172:")
                .contains("but did not start").contains("QEMU exited with code 1");
        assertThat(guest(172).orElseThrow().state()).isEqualTo(RunState.STOPPED);
    }

    @Test
    void cancellingARunningCreateStopsItsTaskAndLeavesNoHalfMadeGuest() throws Exception {
        sim.faults().stretchNext("vzcreate", 1, Duration.ofSeconds(5));
        CancellationFlag cancel = new CancellationFlag();
        Thread canceller = new Thread(() -> {
            Await.until("the create task", () -> progress.stream().anyMatch(p -> p.upid() != null));
            cancel.set("test cancel");
        });
        canceller.start();

        CommandFailure failure = catchThrowableOfType(CommandFailure.class, () -> run("{\"node\":\"pve2\","
                + "\"vmid\":180,\"type\":\"lxc\",\"ostemplate\":\"" + DEBIAN + "\",\"rootfs\":\"local-lvm:8\"}", cancel));
        canceller.join();

        assertThat(failure.isCancellation()).isTrue();
        assertThat(failure.getMessage()).contains("stopped (interrupted by signal)")
                .contains("no half-made guest 180 remains");
        String upid = progress.stream().filter(p -> p.upid() != null).findFirst().orElseThrow().upid();
        assertThat(sim.state().task(upid).orElseThrow().exitStatus()).isEqualTo("interrupted by signal");
        assertThat(guest(180)).isEmpty();
    }

    @Test
    void aHalfMadeGuestProxmoxLeftBehindIsDestroyed() throws Exception {
        // What real Proxmox may leave after a create it could not clean up: the guest, still "lock: create".
        Seed seed = Seed.parse(new java.io.ByteArrayInputStream(("{\"nodes\":[{\"name\":\"pve1\",\"guests\":["
                + "{\"vmid\":181,\"type\":\"qemu\",\"name\":\"half\",\"status\":\"stopped\",\"lock\":\"create\"},"
                + "{\"vmid\":182,\"type\":\"qemu\",\"name\":\"done\",\"status\":\"stopped\",\"lock\":\"backup\"},"
                + "{\"vmid\":183,\"type\":\"lxc\",\"name\":\"half-ct\",\"status\":\"stopped\",\"lock\":\"create\"}]}]}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        try (PveSimulator other = PveSimulator.builder().port(0).seed(seed).apiToken("root@pam!corral", "secret")
                .timeFactor(0.01).start()) {
            PveClient otherPve = new PveClient(PveSettings.of(other.baseUrl(), "root@pam!corral=secret"));
            HalfMadeGuests halfMade = new HalfMadeGuests(new PveTasks(otherPve, ProxmoxExecutorsTest.FAST));

            assertThat(halfMade.remove(new GuestRef("pve1", 181, "qemu")))
                    .startsWith("half-made guest 181 destroyed by the agent");
            assertThat(other.state().guests()).extracting(Guest::vmid).containsExactly(182, 183);
            assertThat(halfMade.remove(new GuestRef("pve1", 181, "qemu"))).isEqualTo("no half-made guest 181 remains");
            assertThat(halfMade.remove(new GuestRef("pve1", 182, "qemu")))
                    .isEqualTo("guest 182 exists but is not marked as being made (lock backup); left alone");
            // Containers have no skiplock: the lock can only be cleared on the node.
            assertThat(halfMade.remove(new GuestRef("pve1", 183, "lxc")))
                    .isEqualTo("half-made guest 183 could not be destroyed: HTTP 500: CT is locked (create) "
                            + "(a container's lock is cleared on its node: pct unlock 183)");
        }
    }
}
