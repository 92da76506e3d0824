package io.corral.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.corral.agent.clone.CloneGate;
import io.corral.agent.clone.CloneGateSettings;
import io.corral.agent.command.CommandChannel;
import io.corral.agent.command.CommandResult;
import io.corral.agent.command.ExecutorsProducer;
import io.corral.agent.control.ControlPlaneClient;
import io.corral.agent.control.ControlPlaneSettings;
import io.corral.agent.control.FakeControlPlane;
import io.corral.agent.control.FakeControlPlane.Received;
import io.corral.agent.executor.CancellationFlag;
import io.corral.agent.executor.CommandContext;
import io.corral.agent.executor.CommandFailure;
import io.corral.agent.executor.ExecutorRegistry;
import io.corral.agent.executor.Progress;
import io.corral.agent.executor.ProgressReporter;
import io.corral.agent.executor.proxmox.ProxmoxSettings;
import io.corral.agent.heartbeat.AgentHealth;
import io.corral.agent.heartbeat.Heartbeat;
import io.corral.agent.heartbeat.HeartbeatSender;
import io.corral.agent.heartbeat.Inventory;
import io.corral.agent.pve.PveClient;
import io.corral.agent.pve.PveGuest;
import io.corral.agent.pve.PveNode;
import io.corral.agent.pve.PveSettings;
import io.corral.agent.relay.DesktopSettings;
import io.corral.agent.relay.RelayDialer;
import io.corral.agent.ssh.SshAccess;
import io.corral.agent.ssh.SshSettings;
import io.corral.agent.ssh.TargetSync;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Holds the agent to {@code docs/agent-contract.json}, the statement of what it and the control
 * plane agree on (the control plane has its own test against the same file): the command types it
 * runs, what their payloads must and may carry, the paths it calls, and the fields of its heartbeat.
 * Executors run against a Proxmox on a closed port and without SSH targets: a payload check that
 * waited for Proxmox or SSH would fail here with their error instead of {@code INVALID_PAYLOAD}.
 */
class AgentContractTest {

    private static final String ID = "c-contract-1";
    // Values a deployed control plane would plausibly send, by field name.
    private static final Map<String, JsonValue> PLAUSIBLE = Map.ofEntries(
            Map.entry("node", Json.createValue("pve1")),
            Map.entry("vmid", Json.createValue(100)),
            Map.entry("newid", Json.createValue(101)),
            Map.entry("upid", Json.createValue("UPID:pve1:00001234:00005678:65000000:qmstart:100:root@pam:")),
            Map.entry("status", Json.createValue("running")),
            Map.entry("present", JsonValue.TRUE),
            Map.entry("config", Json.createObjectBuilder().add("memory", 2048).build()),
            Map.entry("target", Json.createValue("web-1")),
            Map.entry("path", Json.createValue("/etc/corral/app.conf")),
            Map.entry("content", Json.createValue("key=value\n")),
            Map.entry("command", Json.createValue("uptime")),
            Map.entry("relayId", Json.createValue("6f1c2a1e-3b4d-4c5e-8f90-a1b2c3d4e5f6")));
    // A value of another JSON kind, never one the agent could coerce.
    private static final Map<String, JsonValue> WRONG_KIND = Map.of(
            "string", Json.createValue(7),
            "integer", Json.createValue("100"),
            "number", Json.createValue("1.5"),
            "boolean", Json.createValue("true"),
            "object", Json.createValue("x"),
            "array", Json.createValue(7));

    @TempDir
    static Path dir;

    private static JsonObject contract;
    private static CloneGate cloneGate;
    private static SshAccess ssh;
    private static ExecutorRegistry executors;

    @BeforeAll
    static void wireTheAgent() throws IOException {
        Path file = Path.of(System.getProperty("corral.contract", "../docs/agent-contract.json"));
        try (JsonReader reader = Json.createReader(Files.newBufferedReader(file))) {
            contract = reader.readObject();
        }
        PveClient pve = new PveClient(PveSettings.of("http://127.0.0.1:" + closedPort(), "root@pam!corral=secret"));
        cloneGate = CloneGate.forPve(pve, CloneGateSettings.defaults(), Executors.defaultThreadFactory());
        ssh = new SshAccess(new SshSettings(dir.resolve("ssh-targets.json"), null, SshSettings.DEFAULT_CONFIG_PATHS,
                false, Duration.ofSeconds(1), Duration.ofSeconds(5)));
        ProxmoxSettings fast = new ProxmoxSettings(Duration.ofMillis(10), Duration.ofMillis(10), 0, Duration.ofMillis(1),
                Duration.ofMillis(1), Duration.ofMillis(10), Duration.ZERO, Duration.ZERO, 5);
        RelayDialer relays = new RelayDialer(new ControlPlaneSettings("http://127.0.0.1:" + closedPort(), "cag_contract",
                Duration.ofSeconds(1)), new DesktopSettings("ws://127.0.0.1:" + closedPort() + "/{node}/{vmid}",
                Duration.ofSeconds(1)));
        executors = ExecutorsProducer.standard(pve, cloneGate, fast, ssh, relays);
    }

    @AfterAll
    static void close() {
        cloneGate.close();
        ssh.close();
    }

    // ---- command types ----

    @Test
    void theAgentRunsExactlyTheContractsCommandTypes() {
        assertThat(executors.types()).containsExactlyInAnyOrderElementsOf(commandTypes().keySet());
    }

    @Test
    void theDefaultConfigSetKeysAreTheContracts() {
        assertThat(io.corral.agent.executor.proxmox.ConfigSetKeys.DEFAULT).isEqualTo(contract.getString("configSetKeys"));
    }

    @Test
    void theRelayDialBackGoesToTheContractsSocket() {
        assertThat(RelayDialer.SOCKET_PATH + "{relayId}").isEqualTo(contract.getString("relaySocket"));
    }

    @TestFactory
    Stream<DynamicTest> payloadsAreCheckedAsTheContractSays() {
        List<DynamicTest> tests = new ArrayList<>();
        commandTypes().forEach((type, spec) -> {
            JsonObject required = spec.getJsonObject("required");
            JsonObject complete = plausible(type, required);
            tests.add(dynamicTest(type + " with its required fields only is valid", () ->
                    assertThat(outcome(type, complete)).as(type).doesNotStartWith(CommandFailure.INVALID_PAYLOAD)));
            required.forEach((field, kind) -> {
                tests.add(dynamicTest(type + " without " + field, () ->
                        assertRefused(type, Json.createObjectBuilder(complete).remove(field).build(), field)));
                tests.add(dynamicTest(type + " with " + field + " of the wrong kind", () ->
                        assertRefused(type, with(complete, field, wrongKind(kind)), field)));
            });
            spec.getJsonObject("optional").forEach((field, kind) ->
                    tests.add(dynamicTest(type + " with optional " + field + " of the wrong kind", () ->
                            assertRefused(type, with(complete, field, wrongKind(kind)), field))));
        });
        return tests.stream();
    }

    private static void assertRefused(String type, JsonObject payload, String field) {
        CommandFailure failure = catchThrowableOfType(CommandFailure.class, () -> run(type, payload));

        assertThat(failure).as(type + " " + payload).isNotNull();
        assertThat(failure.code()).as(type + " " + payload + ": " + failure.getMessage())
                .isEqualTo(CommandFailure.INVALID_PAYLOAD);
        assertThat(failure.getMessage()).startsWith("payload." + field + ":");
    }

    /** {@code code: message} of the failure, or "succeeded". */
    private static String outcome(String type, JsonObject payload) {
        try {
            run(type, payload);
            return "succeeded";
        } catch (CommandFailure failure) {
            return failure.code() + ": " + failure.getMessage();
        }
    }

    // Cancelled from the start: whatever waits or polls after the payload check ends at once.
    private static JsonObject run(String type, JsonObject payload) throws CommandFailure {
        CancellationFlag cancelled = new CancellationFlag();
        cancelled.set("the contract test only checks payloads");
        return executors.find(type).orElseThrow().execute(new CommandContext(ID, payload, ProgressReporter.NONE,
                cancelled));
    }

    private static JsonObject plausible(String type, JsonObject required) {
        var payload = Json.createObjectBuilder();
        for (String field : required.keySet()) {
            JsonValue value = PLAUSIBLE.get(field);
            if (value == null) {
                fail("no plausible value for " + type + " payload field " + field + ": add one to PLAUSIBLE");
            }
            payload.add(field, value);
        }
        return payload.build();
    }

    private static JsonValue wrongKind(JsonValue kind) {
        JsonValue wrong = WRONG_KIND.get(((JsonString) kind).getString());
        assertThat(wrong).as("a wrong value for kind " + kind).isNotNull();
        return wrong;
    }

    private static JsonObject with(JsonObject payload, String field, JsonValue value) {
        return Json.createObjectBuilder(payload).add(field, value).build();
    }

    private static Map<String, JsonObject> commandTypes() {
        Map<String, JsonObject> types = new LinkedHashMap<>();
        contract.getJsonObject("commandTypes").forEach((type, spec) -> types.put(type, spec.asJsonObject()));
        return types;
    }

    // ---- paths ----

    @Test
    void theAgentCallsTheContractsPaths() throws Exception {
        Map<String, String> called = new LinkedHashMap<>();
        try (FakeControlPlane controlPlane = FakeControlPlane.start()) {
            ControlPlaneClient client = new ControlPlaneClient(
                    new ControlPlaneSettings(controlPlane.url(), FakeControlPlane.TOKEN, Duration.ofSeconds(5)));
            CommandChannel channel = new CommandChannel(client);

            new HeartbeatSender(client, Clock.systemUTC()).send(heartbeat(reachable()));
            called.put("heartbeat", last(controlPlane));
            new TargetSync(client, dir.resolve("synced-targets.json")).sync(1);
            called.put("targets", last(controlPlane));
            channel.next(1, 1, List.of(ID));
            called.put("next", last(controlPlane));
            Received next = controlPlane.received().get(controlPlane.received().size() - 1);
            channel.start(ID);
            called.put("start", last(controlPlane));
            channel.startAll(List.of(ID));
            called.put("startBatch", last(controlPlane));
            channel.progress(ID, Progress.message("working"));
            called.put("progress", last(controlPlane));
            channel.result(CommandResult.succeeded(ID, JsonValue.EMPTY_JSON_OBJECT));
            called.put("result", last(controlPlane));
            channel.results(List.of(CommandResult.succeeded(ID, JsonValue.EMPTY_JSON_OBJECT)));
            called.put("resultBatch", last(controlPlane));

            assertThat(queryNames(next)).isEqualTo(contract.getJsonObject("nextQuery").keySet());
        }
        Map<String, String> paths = new LinkedHashMap<>();
        contract.getJsonObject("paths").forEach((name, path) -> paths.put(name, ((JsonString) path).getString()));
        assertThat(called).isEqualTo(paths);
    }

    /** {@code METHOD path} of the latest request, the command id written as {@code {id}}. */
    private static String last(FakeControlPlane controlPlane) {
        Received request = controlPlane.received().get(controlPlane.received().size() - 1);
        return request.method() + " " + request.path().replace(ID, "{id}");
    }

    private static Set<String> queryNames(Received request) {
        return Stream.of(request.query().split("&")).map(p -> p.split("=", 2)[0]).collect(Collectors.toSet());
    }

    // ---- heartbeat ----

    @Test
    void theHeartbeatHasTheContractsFieldsWithTheirKinds() {
        JsonObject expected = contract.getJsonObject("heartbeat");
        JsonObject reachable = heartbeat(reachable()).toJson();
        JsonObject unreachable = heartbeat(Inventory.unreachable("connection refused")).toJson();

        assertThat(reachable.keySet()).isEqualTo(expected.keySet());
        assertThat(expected.keySet()).containsAll(unreachable.keySet());
        assertFields("", expected, List.of(reachable, unreachable));
    }

    /**
     * Each field of {@code expected} in each of {@code actual} where present: same name, same JSON
     * kind, nested objects and the first element of arrays of objects alike. A null passes (the
     * agent sends null for what it does not know), but every field must show its kind in at least
     * one of the heartbeats.
     */
    private static void assertFields(String at, JsonObject expected, List<JsonObject> actual) {
        expected.forEach((name, kind) -> {
            String field = at + name;
            List<JsonValue> values = actual.stream().filter(a -> a.containsKey(name)).map(a -> a.get(name))
                    .filter(v -> v != JsonValue.NULL).toList();
            assertThat(values).as(field + " (not null in some heartbeat)").isNotEmpty();
            if (kind instanceof JsonObject nested) {
                List<JsonObject> objects = values.stream().map(JsonValue::asJsonObject).toList();
                objects.forEach(o -> assertThat(o.keySet()).as(field).isEqualTo(nested.keySet()));
                assertFields(field + ".", nested, objects);
            } else if (kind instanceof JsonArray array && !array.isEmpty()) {
                JsonObject element = array.getJsonObject(0);
                List<JsonObject> firsts = values.stream().map(v -> v.asJsonArray().getJsonObject(0)).toList();
                firsts.forEach(o -> assertThat(o.keySet()).as(field + "[0]").isEqualTo(element.keySet()));
                assertFields(field + "[0].", element, firsts);
            } else {
                values.forEach(v -> assertThat(kindOf(v)).as(field).isIn(kinds(((JsonString) kind).getString())));
            }
        });
    }

    /** The contract's kind and the kinds it admits ({@code number} admits an integral value). */
    private static Set<String> kinds(String kind) {
        return kind.equals("number") ? Set.of("number", "integer") : Set.of(kind);
    }

    private static String kindOf(JsonValue value) {
        return switch (value.getValueType()) {
            case STRING -> "string";
            case NUMBER -> ((JsonNumber) value).isIntegral() ? "integer" : "number";
            case TRUE, FALSE -> "boolean";
            case ARRAY -> "array";
            case OBJECT -> "object";
            case NULL -> "null";
        };
    }

    private static Inventory reachable() {
        PveNode node = new PveNode("pve1", "online", 0.25, 8, 4_000_000_000L, 16_000_000_000L, 86_400);
        PveGuest guest = new PveGuest("pve1", 100, "qemu", "web-1", "running", false, 0.5, 2, 1_000_000_000L,
                4_000_000_000L, 0, 32_000_000_000L, 3_600, "backup");
        return Inventory.reachable("8.2.4", List.of(node), List.of(guest));
    }

    private static Heartbeat heartbeat(Inventory inventory) {
        return new Heartbeat("0.1.0", executors.types(), Instant.parse("2026-11-29T10:00:00Z"), 10, inventory,
                List.of(ID), new AgentHealth(100_000_000L, 512_000_000L, 1, 4, 0));
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
