package io.corral.pvesim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Creates over real HTTP: tasks, the create lock, volumes, MACs, autostart, refusals, stops and faults. */
class CreateTest {

    private static final String DEBIAN = "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst";
    private static final String MAC = "BC:24:11(:[0-9A-F]{2}){3}";

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

    private String create(String node, String type, Map<String, String> params) {
        PveClient.Reply reply = api.post("/nodes/" + node + "/" + type, params);
        assertThat(reply.status()).as("%s", reply).isEqualTo(200);
        return reply.data().asText();
    }

    private static Map<String, String> params(String... pairs) {
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            params.put(pairs[i], pairs[i + 1]);
        }
        return params;
    }

    @Test
    void aVmIsLockedWhileItIsCreatedThenHasTheConfigItAskedFor() {
        start(Sims.fast().createDuration(CreateKind.QEMU, Duration.ofSeconds(150))); // 1.5 s

        String upid = create("pve1", "qemu", params("vmid", "150", "name", "web-9", "cores", "4", "sockets", "2",
                "memory", "4096", "scsi0", "local-lvm:32,iothread=1", "virtio1", "local-lvm:8",
                "ide2", "none,media=cdrom", "net0", "virtio,bridge=vmbr0,firewall=1", "ostype", "l26"));

        assertThat(upid).matches(TaskLifecycleTest.UPID_FORMAT).contains(":qmcreate:150:root@pam!corral:");
        JsonNode during = tasks.current("pve1", "qemu", 150).data();
        assertThat(during.path("status").asText()).isEqualTo("stopped");
        assertThat(during.path("lock").asText()).isEqualTo("create");
        assertThat(during.path("name").asText()).isEqualTo("web-9");
        PveClient.Reply refused = api.post("/nodes/pve1/qemu/150/status/start", Map.of());
        assertThat(refused.status()).isEqualTo(500);
        assertThat(refused.reason()).isEqualTo("VM is locked (create)");

        assertThat(tasks.awaitEnd(upid)).isEqualTo("OK");
        JsonNode current = tasks.current("pve1", "qemu", 150).data();
        assertThat(current.has("lock")).isFalse();
        assertThat(current.path("maxmem").asLong()).isEqualTo(4096L << 20);
        assertThat(current.path("maxdisk").asLong()).isEqualTo(32L << 30);
        JsonNode config = api.get("/nodes/pve1/qemu/150/config").data();
        assertThat(config.path("name").asText()).isEqualTo("web-9");
        assertThat(config.path("cores").asInt()).isEqualTo(4);
        assertThat(config.path("sockets").asText()).isEqualTo("2");
        assertThat(config.path("memory").asText()).isEqualTo("4096");
        assertThat(config.path("scsi0").asText()).isEqualTo("local-lvm:vm-150-disk-0,iothread=1,size=32G");
        assertThat(config.path("virtio1").asText()).isEqualTo("local-lvm:vm-150-disk-1,size=8G");
        assertThat(config.path("ide2").asText()).isEqualTo("none,media=cdrom");
        assertThat(config.path("net0").asText()).matches("virtio=" + MAC + ",bridge=vmbr0,firewall=1");
        assertThat(config.path("boot").asText()).isEqualTo("order=scsi0;ide2;net0");
        assertThat(config.path("ostype").asText()).isEqualTo("l26");
        assertThat(config.path("smbios1").asText()).startsWith("uuid=");
        assertThat(config.has("vmid")).isFalse();
        assertThat(tasks.log(upid)).containsExactly("  Logical volume \"vm-150-disk-0\" created.",
                "scsi0: successfully created disk 'local-lvm:vm-150-disk-0,iothread=1,size=32G'",
                "  Logical volume \"vm-150-disk-1\" created.",
                "virtio1: successfully created disk 'local-lvm:vm-150-disk-1,size=8G'", "TASK OK");
        assertThat(api.get("/cluster/resources?type=vm").data().findValuesAsText("id")).contains("qemu/150");
    }

    @Test
    void aContainerIsMadeFromItsTemplate() {
        start(Sims.fast());

        String upid = create("pve2", "lxc", params("vmid", "300", "hostname", "ct-300", "ostemplate", DEBIAN,
                "rootfs", "local-lvm:8", "net0", "name=eth0,bridge=vmbr0,ip=dhcp", "memory", "1024", "cores", "2"));

        assertThat(upid).contains(":vzcreate:300:");
        assertThat(tasks.current("pve2", "lxc", 300).data().path("lock").asText()).isEqualTo("create");
        assertThat(tasks.awaitEnd(upid)).isEqualTo("OK");
        JsonNode config = api.get("/nodes/pve2/lxc/300/config").data();
        assertThat(config.path("hostname").asText()).isEqualTo("ct-300");
        assertThat(config.path("rootfs").asText()).isEqualTo("local-lvm:vm-300-disk-0,size=8G");
        assertThat(config.path("net0").asText()).matches("name=eth0,bridge=vmbr0,ip=dhcp,hwaddr=" + MAC + ",type=veth");
        assertThat(config.path("memory").asLong()).isEqualTo(1024);
        assertThat(config.path("cores").asInt()).isEqualTo(2);
        assertThat(config.path("ostype").asText()).isEqualTo("debian");
        assertThat(config.path("unprivileged").asText()).isEqualTo("1");
        assertThat(config.has("lock")).isFalse();
        assertThat(tasks.current("pve2", "lxc", 300).data().path("maxdisk").asLong()).isEqualTo(8L << 30);
        assertThat(tasks.log(upid)).startsWith("  Logical volume \"vm-300-disk-0\" created.")
                .contains("extracting archive '/var/lib/vz/template/cache/debian-12-standard_12.7-1_amd64.tar.zst'")
                .last().isEqualTo("TASK OK");

        // Without rootfs, PVE gives the container 4 GiB on the default storage.
        String small = create("pve2", "lxc", params("vmid", "301", "ostemplate", DEBIAN, "storage", "local-lvm"));
        assertThat(tasks.awaitEnd(small)).isEqualTo("OK");
        JsonNode defaults = api.get("/nodes/pve2/lxc/301/config").data();
        assertThat(defaults.path("rootfs").asText()).isEqualTo("local-lvm:vm-301-disk-0,size=4G");
        assertThat(defaults.path("hostname").asText()).isEqualTo("CT301");
        assertThat(defaults.path("memory").asLong()).isEqualTo(512);
    }

    @Test
    void startAfterCreateStartsTheGuestInATaskOfItsOwn() {
        start(Sims.fast());

        String upid = create("pve1", "qemu", params("vmid", "151", "scsi0", "local-lvm:4", "start", "1"));

        assertThat(tasks.awaitEnd(upid)).isEqualTo("OK");
        assertThat(tasks.log(upid)).contains("Execute autostart");
        Task startTask = Await.until("the qmstart task of 151", Tasks.TIMEOUT,
                () -> sim.state().tasks().stream().filter(t -> t.upid().type().equals("qmstart")).findFirst(),
                java.util.Optional::isPresent).orElseThrow();
        assertThat(startTask.upid().id()).isEqualTo("151");
        assertThat(tasks.awaitEnd(startTask.upid().toString())).isEqualTo("OK");
        assertThat(tasks.current("pve1", "qemu", 151).data().path("status").asText()).isEqualTo("running");

        String ct = create("pve2", "lxc", params("vmid", "302", "ostemplate", DEBIAN, "rootfs", "local-lvm:2",
                "start", "1"));
        assertThat(tasks.awaitEnd(ct)).isEqualTo("OK");
        Await.until("CT 302 running", Tasks.TIMEOUT, () -> tasks.current("pve2", "lxc", 302).data(),
                s -> s.path("status").asText().equals("running"));
    }

    @Test
    void refusedCreatesLeaveNothingBehind() {
        start(Sims.fast());

        assertThat(api.post("/nodes/pve1/qemu", params("vmid", "100")).reason())
                .isEqualTo("unable to create VM 100 - VM 100 already exists on node 'pve1'");
        assertThat(api.post("/nodes/pve1/qemu", params("vmid", "201")).reason())
                .isEqualTo("unable to create VM 201 - CT 201 already exists on node 'pve2'");
        assertThat(api.post("/nodes/pve1/lxc", params("vmid", "100", "ostemplate", DEBIAN)).reason())
                .isEqualTo("VM 100 already exists on node 'pve1'");
        assertThat(api.post("/nodes/pve1/qemu", params("vmid", "160", "scsi0", "nas:32")).reason())
                .isEqualTo("storage 'nas' does not exist");
        assertThat(api.post("/nodes/pve1/qemu", params("vmid", "160", "scsi0", "32")).reason())
                .isEqualTo("no storage ID specified (and no default storage)");
        assertThat(errors(api.post("/nodes/pve1/qemu", params("vmid", "160", "scsi0", "local:32"))).path("storage")
                .asText()).isEqualTo("storage 'local' does not support vm images");
        assertThat(api.post("/nodes/pve1/qemu", params("vmid", "160", "scsi0", "/dev/sdb")).reason())
                .isEqualTo("Only root can pass arbitrary filesystem paths.");
        assertThat(errors(api.post("/nodes/pve1/lxc", params("vmid", "310", "ostemplate", DEBIAN)))
                .path("storage").asText()).isEqualTo("storage 'local' does not support container directories");
        assertThat(api.post("/nodes/pve1/lxc", params("vmid", "310", "ostemplate", "local:iso/debian.iso",
                "rootfs", "local-lvm:8")).reason())
                .isEqualTo("unable to use volume local:iso/debian.iso - content type needs to be 'vztmpl'");
        assertThat(api.post("/nodes/pve1/lxc", params("vmid", "310", "ostemplate", DEBIAN,
                "mp0", "local-lvm:8,mp=/data")).reason())
                .isEqualTo("mount points configured, but 'rootfs' not set - aborting");
        assertThat(api.post("/nodes/pve9/qemu", params("vmid", "160")).status()).isEqualTo(500);

        assertThat(sim.state().guests()).hasSize(10);
        assertThat(sim.state().tasks()).isEmpty();
    }

    @Test
    void parametersAreCheckedAgainstTheSchemaWithPveMessages() {
        start(Sims.fast());

        assertThat(errors(api.post("/nodes/pve1/qemu", params("name", "x"))).path("vmid").asText())
                .isEqualTo("property is missing and it is not optional");
        assertThat(errors(api.post("/nodes/pve1/lxc", params("vmid", "310"))).path("ostemplate").asText())
                .isEqualTo("property is missing and it is not optional");
        assertThat(errors(api.post("/nodes/pve1/qemu", params("vmid", "160", "scsi31", "local-lvm:1")))
                .path("scsi31").asText())
                .isEqualTo("property is not defined in schema and the schema does not allow additional properties");
        assertThat(errors(api.post("/nodes/pve1/qemu", params("vmid", "160", "net0", "bridge=vmbr0"))).path("net0")
                .asText()).isEqualTo("invalid format - format error\nnet0.model: property is missing and it is not optional\n");
        assertThat(errors(api.post("/nodes/pve1/qemu", params("vmid", "160", "scsi0", "local-lvm:8,speed=9")))
                .path("scsi0").asText()).isEqualTo("invalid format - invalid key in comma-separated list property: speed\n");
        assertThat(errors(api.post("/nodes/pve1/qemu", params("vmid", "160", "memory", "lots"))).path("memory")
                .asText()).isEqualTo("invalid format - format error\nmemory.current: type check ('integer') failed - got 'lots'\n");
        assertThat(errors(api.post("/nodes/pve1/qemu", params("vmid", "160", "name", "a b"))).path("name").asText())
                .isEqualTo("invalid format - value does not look like a valid DNS name\n");
        assertThat(errors(api.post("/nodes/pve1/qemu", params("vmid", "160", "force", "1"))).path("archive").asText())
                .isEqualTo("missing property required by 'force'");
        assertThat(errors(api.post("/nodes/pve1/lxc", params("vmid", "310", "ostemplate", DEBIAN,
                "net0", "bridge=vmbr0"))).path("net0").asText())
                .isEqualTo("invalid format - format error\nnet0.name: property is missing and it is not optional\n");
        assertThat(sim.state().guests()).hasSize(10);
    }

    @Test
    void stoppingACreateRemovesTheHalfMadeGuest() {
        start(Sims.fast().createDuration(CreateKind.QEMU, Duration.ofSeconds(1_000))
                .createDuration(CreateKind.LXC, Duration.ofSeconds(1_000)));
        String vm = create("pve1", "qemu", params("vmid", "170", "scsi0", "local-lvm:8"));
        String ct = create("pve2", "lxc", params("vmid", "410", "ostemplate", DEBIAN, "rootfs", "local-lvm:8"));

        for (String upid : new String[] {vm, ct}) {
            assertThat(api.delete("/nodes/" + Tasks.node(upid) + "/tasks/" + PveClient.encode(upid)).status())
                    .isEqualTo(200);
            assertThat(tasks.status(upid).path("exitstatus").asText()).isEqualTo("interrupted by signal");
        }

        assertThat(sim.state().isVmidUsed(170)).isFalse();
        assertThat(sim.state().isVmidUsed(410)).isFalse();
    }

    @Test
    void injectedFailuresWarningsAndStretchesEndCreatesAsPveDoes() {
        start(Sims.fast());
        sim.faults().failNext("qmcreate", 1, "unable to create VM 180 - lvcreate failed: out of space")
                .warnNext("vzcreate", 1);

        String failed = create("pve1", "qemu", params("vmid", "180", "scsi0", "local-lvm:8"));
        assertThat(tasks.awaitEnd(failed)).isEqualTo("unable to create VM 180 - lvcreate failed: out of space");
        assertThat(tasks.log(failed)).last()
                .isEqualTo("TASK ERROR: unable to create VM 180 - lvcreate failed: out of space");
        assertThat(sim.state().isVmidUsed(180)).isFalse();

        String warned = create("pve2", "lxc", params("vmid", "181", "ostemplate", DEBIAN, "rootfs", "local-lvm:2"));
        assertThat(tasks.awaitEnd(warned)).isEqualTo("WARNINGS: 1");
        assertThat(tasks.current("pve2", "lxc", 181).data().has("lock")).isFalse();

        sim.faults().stretchNext("qmcreate", 1, Duration.ofMillis(600));
        long started = System.nanoTime();
        String stretched = create("pve1", "qemu", params("vmid", "182"));
        assertThat(tasks.awaitEnd(stretched)).isEqualTo("OK");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(600));
    }

    private static JsonNode errors(PveClient.Reply reply) {
        assertThat(reply.status()).as("%s", reply).isEqualTo(400);
        assertThat(reply.reason()).isEqualTo("Parameter verification failed.");
        return reply.body().path("errors");
    }
}
