package io.corral.agent.executor.proxmox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.corral.agent.executor.CancellationFlag;
import io.corral.agent.executor.CommandContext;
import io.corral.agent.executor.CommandFailure;
import io.corral.agent.executor.ExecutorRegistry;
import io.corral.agent.executor.ProgressReporter;
import io.corral.agent.pve.PveClient;
import io.corral.agent.pve.PveSettings;
import io.corral.agent.ssh.SshTargets;
import io.corral.agent.ssh.TargetsListExecutor;
import io.corral.pvesim.PveSimulator;
import io.corral.pvesim.Seed;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code proxmox.status}, {@code proxmox.list} and {@code targets.list} against the Proxmox simulator
 * (default seed: 2 nodes, 10 guests, 3 templates).
 */
class ExecutorsSimulatorTest {

    private static PveSimulator sim;
    private static ExecutorRegistry executors;

    @BeforeAll
    static void startSimulator() {
        sim = PveSimulator.builder().port(0).seed(Seed.defaultSeed())
                .apiToken("root@pam!corral", "secret").start();
        executors = registry(new PveClient(PveSettings.of(sim.baseUrl(), "root@pam!corral=secret")), SshTargets.NONE);
    }

    @AfterAll
    static void stopSimulator() {
        sim.close();
    }

    private static ExecutorRegistry registry(PveClient pve, SshTargets sshTargets) {
        return new ExecutorRegistry(List.of(new ProxmoxStatusExecutor(pve), new ProxmoxListExecutor(pve),
                new TargetsListExecutor(pve, sshTargets)));
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    private static JsonObject run(ExecutorRegistry registry, String type, String payload) throws CommandFailure {
        CommandContext context = new CommandContext("c-1", json(payload), ProgressReporter.NONE, new CancellationFlag());
        return registry.find(type).orElseThrow().execute(context);
    }

    private static JsonObject run(String type, String payload) throws CommandFailure {
        return run(executors, type, payload);
    }

    private static CommandFailure failure(String type, String payload) {
        return catchThrowableOfType(CommandFailure.class, () -> run(type, payload));
    }

    @Test
    void statusOfARunningVmFindsItsTypeInTheCluster() throws Exception {
        JsonObject status = run("proxmox.status", "{\"node\":\"pve1\",\"vmid\":100}");

        assertThat(status.getString("status")).isEqualTo("running");
        assertThat(status.getString("qmpstatus")).isEqualTo("running");
        assertThat(status.getString("name")).isEqualTo("web-1");
        assertThat(status.getInt("vmid")).isEqualTo(100);
        assertThat(status.getString("node")).isEqualTo("pve1");
        assertThat(status.getString("type")).isEqualTo("qemu");
        assertThat(status.get("lock")).isEqualTo(JsonValue.NULL);
        assertThat(status.getJsonNumber("maxmem").longValue()).isEqualTo(4294967296L);
        assertThat(status.getJsonNumber("uptime").longValue()).isNotNegative();
        assertThat(status).containsKeys("cpu", "mem", "template");
    }

    @Test
    void statusOfAContainerWithItsTypeGiven() throws Exception {
        JsonObject status = run("proxmox.status", "{\"node\":\"pve1\",\"vmid\":200,\"type\":\"lxc\",\"extra\":1}");

        assertThat(status.getString("type")).isEqualTo("lxc");
        assertThat(status.getString("name")).isEqualTo("dns-1");
        assertThat(status.get("qmpstatus")).isEqualTo(JsonValue.NULL);
    }

    @Test
    void statusOfAGuestOnAnotherNodeOrNowhereIsNotFound() {
        assertThat(failure("proxmox.status", "{\"node\":\"pve1\",\"vmid\":103}"))
                .satisfies(f -> assertThat(f.code()).isEqualTo("GUEST_NOT_FOUND"))
                .hasMessageContaining("on node pve2");
        assertThat(failure("proxmox.status", "{\"node\":\"pve1\",\"vmid\":555}").code()).isEqualTo("GUEST_NOT_FOUND");
    }

    @Test
    void aProxmoxErrorCarriesItsStatusAndMessage() {
        CommandFailure failure = failure("proxmox.status", "{\"node\":\"pve1\",\"vmid\":555,\"type\":\"qemu\"}");

        assertThat(failure.code()).isEqualTo("PVE_ERROR");
        assertThat(failure.getMessage()).contains("HTTP 500").contains("qemu-server/555.conf' does not exist");
    }

    @Test
    void anUnreachableProxmoxIsTyped() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ExecutorRegistry offline = registry(
                new PveClient(PveSettings.of("http://127.0.0.1:" + closedPort, "root@pam!corral=secret")), SshTargets.NONE);

        CommandFailure failure = catchThrowableOfType(CommandFailure.class, () -> run(offline, "proxmox.list", "{}"));

        assertThat(failure.code()).isEqualTo("PVE_UNREACHABLE");
        assertThat(failure.getMessage()).contains("connection refused");
    }

    @Test
    void invalidPayloadsNameTheField() {
        assertThat(failure("proxmox.status", "{\"vmid\":100}"))
                .satisfies(f -> assertThat(f.code()).isEqualTo("INVALID_PAYLOAD"))
                .hasMessage("payload.node: is required");
        assertThat(failure("proxmox.status", "{\"node\":\"pve1\"}")).hasMessage("payload.vmid: is required");
        assertThat(failure("proxmox.status", "{\"node\":\"pve1\",\"vmid\":\"100\"}"))
                .hasMessage("payload.vmid: must be an integer");
        assertThat(failure("proxmox.status", "{\"node\":\"pve1\",\"vmid\":1.5}"))
                .hasMessage("payload.vmid: must be an integer");
        assertThat(failure("proxmox.status", "{\"node\":\"pve1\",\"vmid\":99}"))
                .hasMessage("payload.vmid: must be between 100 and 999999999");
        assertThat(failure("proxmox.status", "{\"node\":\"../access\",\"vmid\":100}"))
                .hasMessage("payload.node: must be a Proxmox node name");
        assertThat(failure("proxmox.status", "{\"node\":7,\"vmid\":100}")).hasMessage("payload.node: must be a string");
        assertThat(failure("proxmox.status", "{\"node\":\"pve1\",\"vmid\":100,\"type\":\"vm\"}"))
                .hasMessage("payload.type: must be \"qemu\" or \"lxc\"");
        assertThat(failure("proxmox.list", "{\"template\":\"yes\"}")).hasMessage("payload.template: must be true or false");
    }

    @Test
    void listFiltersByNodeTypeAndTemplate() throws Exception {
        assertThat(vmids(run("proxmox.list", "{}"))).hasSize(10);
        assertThat(vmids(run("proxmox.list", "{\"node\":\"pve2\",\"type\":\"qemu\"}"))).containsExactly(103, 104);
        assertThat(vmids(run("proxmox.list", "{\"template\":true}"))).containsExactly(9000, 9001, 9100);
        assertThat(vmids(run("proxmox.list", "{\"node\":\"pve1\",\"type\":\"lxc\",\"template\":false,\"node2\":null}")))
                .containsExactly(200);
        assertThat(vmids(run("proxmox.list", "{\"node\":\"pve9\"}"))).isEmpty();
    }

    @Test
    void listEntriesHaveTheHeartbeatGuestFields() throws Exception {
        JsonObject web = run("proxmox.list", "{\"node\":\"pve1\",\"type\":\"qemu\",\"template\":false}")
                .getJsonArray("guests").getJsonObject(0);

        assertThat(web.keySet()).containsExactlyInAnyOrder("node", "vmid", "type", "name", "status", "template",
                "cpu", "mem", "maxmem", "maxdisk", "uptime", "lock");
        assertThat(web.getString("name")).isEqualTo("web-1");
        assertThat(web.getBoolean("template")).isFalse();
    }

    @Test
    void targetsAreTheNonTemplateGuestsWithoutSshYet() throws Exception {
        JsonObject targets = run("targets.list", "{}");

        assertThat(targets.getJsonArray("targets")).hasSize(7);
        assertThat(targets.getJsonArray("targets").getValuesAs(JsonObject.class))
                .allSatisfy(t -> assertThat(t.getBoolean("sshConfigured")).isFalse());
        assertThat(targets.getJsonArray("targets").getJsonObject(0)).isEqualTo(json(
                "{\"node\":\"pve1\",\"vmid\":100,\"type\":\"qemu\",\"name\":\"web-1\",\"status\":\"running\","
                        + "\"sshConfigured\":false}"));
    }

    @Test
    void targetsAskTheSshDirectory() throws Exception {
        ExecutorRegistry withSsh = registry(
                new PveClient(PveSettings.of(sim.baseUrl(), "root@pam!corral=secret")), guest -> guest.vmid() == 103);

        List<JsonObject> targets = run(withSsh, "targets.list", "{}").getJsonArray("targets").getValuesAs(JsonObject.class);

        assertThat(targets).filteredOn(t -> t.getBoolean("sshConfigured")).extracting(t -> t.getInt("vmid"))
                .containsExactly(103);
    }

    private static List<Integer> vmids(JsonObject list) {
        return list.getJsonArray("guests").getValuesAs(JsonObject.class).stream().map(g -> g.getInt("vmid")).toList();
    }
}
