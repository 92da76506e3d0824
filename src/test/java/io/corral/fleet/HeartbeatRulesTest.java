package io.corral.fleet;

import io.corral.fleet.HeartbeatReport.GuestReport;
import io.corral.fleet.HeartbeatReport.Health;
import io.corral.fleet.HeartbeatReport.NodeReport;
import io.corral.platform.error.ValidationProblem;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.StringReader;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HeartbeatRulesTest {

    /** A 400 VALIDATION_FAILED whose message names {@code field} ("field: problem"); returns the message. */
    private static String rejects(ThrowingCallable call, String field) {
        List<String> message = new ArrayList<>();
        assertThatThrownBy(call).isInstanceOfSatisfying(ValidationProblem.class, p -> {
            assertThat(p.status()).isEqualTo(400);
            assertThat(p.code()).isEqualTo("VALIDATION_FAILED");
            assertThat(p.getMessage()).startsWith(field + ": ");
            message.add(p.getMessage());
        });
        return message.get(0);
    }

    private static HeartbeatReport report(List<String> capabilities, Integer heartbeatSeconds, Health health,
                                          List<NodeReport> nodes, List<GuestReport> guests) {
        return new HeartbeatReport("1.0.0", capabilities, OffsetDateTime.now(), heartbeatSeconds, health,
                new HeartbeatReport.Pve(true, "8.2.4", null), nodes, guests, List.of(UUID.randomUUID()));
    }

    private static HeartbeatReport withCapabilities(List<String> capabilities) {
        return report(capabilities, 10, null, null, null);
    }

    private static HeartbeatReport withHeartbeatSeconds(Integer seconds) {
        return report(List.of("proxmox.status"), seconds, null, null, null);
    }

    private static HeartbeatReport withNodes(List<NodeReport> nodes) {
        return report(List.of(), 10, null, nodes, List.of());
    }

    private static HeartbeatReport withGuests(List<GuestReport> guests) {
        return report(List.of(), 10, null, List.of(node("pve1")), guests);
    }

    private static NodeReport node(String name) {
        return new NodeReport(name, "online", 0.25, 8, 1L << 30, 8L << 30, 3600L);
    }

    private static GuestReport guest(String node, Integer vmid, String type) {
        return new GuestReport(node, vmid, type, "vm-" + vmid, "running", false, 0.1, 1L << 28, 1L << 30,
                10L << 30, 60L, null);
    }

    private static JsonValue parse(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readValue();
        }
    }

    @Test
    void fullValidHeartbeatPasses() {
        HeartbeatRules.check(report(List.of("proxmox.status", "proxmox.list", "ssh.exec"), 10,
                new Health(1L, 2L, 3, 4, 5), List.of(node("pve1"), node("pve2")),
                List.of(guest("pve1", 100, "qemu"), guest("pve2", 200, "lxc"))));
    }

    @Test
    void emptyHeartbeatPasses() {
        HeartbeatRules.check(new HeartbeatReport(null, null, null, null, null, null, null, null, null));
        HeartbeatRules.check(report(List.of(), null, null, List.of(), List.of()));
    }

    @Test
    void nullBodyIsRefused() {
        rejects(() -> HeartbeatRules.check(null), "body");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 30, 3600})
    void heartbeatSecondsFromOneToAnHourAreAccepted(int seconds) {
        HeartbeatRules.check(withHeartbeatSeconds(seconds));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 3601, 86_400, Integer.MAX_VALUE, Integer.MIN_VALUE})
    void heartbeatSecondsOutsideOneToAnHourAreRefused(int seconds) {
        assertThat(rejects(() -> HeartbeatRules.check(withHeartbeatSeconds(seconds)), "heartbeatSeconds"))
                .isEqualTo("heartbeatSeconds: must be between 1 and 3600");
    }

    @Test
    void capabilityNamesUpToTheLimitAreAccepted() {
        HeartbeatRules.check(withCapabilities(List.of("a", "x".repeat(HeartbeatRules.MAX_TYPE_LENGTH))));
        // names the control plane does not know yet are still accepted (agents upgrade first)
        HeartbeatRules.check(withCapabilities(List.of("proxmox.future-thing")));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\t "})
    void blankCapabilityIsNamedByIndex(String name) {
        String message = rejects(() -> HeartbeatRules.check(withCapabilities(
                Arrays.asList("proxmox.status", "proxmox.list", name))), "capabilities[2]");
        assertThat(message).contains("1-64");
    }

    @Test
    void tooLongCapabilityIsNamedByIndex() {
        rejects(() -> HeartbeatRules.check(withCapabilities(List.of("x".repeat(65)))), "capabilities[0]");
        rejects(() -> HeartbeatRules.check(withCapabilities(List.of("ok", "x".repeat(1000)))), "capabilities[1]");
    }

    @Test
    void nodeWithoutNameIsNamedByIndex() {
        assertThat(rejects(() -> HeartbeatRules.check(withNodes(List.of(node("pve1"), node(null)))),
                "nodes[1].name")).isEqualTo("nodes[1].name: is required");
        rejects(() -> HeartbeatRules.check(withNodes(Arrays.asList(node("pve1"), node("pve2"), null))),
                "nodes[2].name");
    }

    @Test
    void guestWithoutVmidOrNodeIsNamedByIndex() {
        assertThat(rejects(() -> HeartbeatRules.check(withGuests(List.of(guest("pve1", 100, "qemu"),
                guest("pve1", null, "qemu")))), "guests[1]")).contains("vmid and node");
        rejects(() -> HeartbeatRules.check(withGuests(List.of(guest(null, 100, "lxc")))), "guests[0]");
        rejects(() -> HeartbeatRules.check(withGuests(Arrays.asList(guest("pve1", 100, "qemu"), null))),
                "guests[1]");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"kvm", "QEMU", "LXC", "openvz", " qemu"})
    void guestTypeMustBeQemuOrLxc(String type) {
        assertThat(rejects(() -> HeartbeatRules.check(withGuests(List.of(guest("pve1", 100, "qemu"),
                guest("pve1", 101, type)))), "guests[1].type")).isEqualTo("guests[1].type: must be qemu or lxc");
    }

    @Test
    void capabilitiesJsonOfNoneIsAnEmptyArray() {
        assertThat(HeartbeatRules.capabilitiesJson(withCapabilities(null))).isEqualTo("[]");
        assertThat(HeartbeatRules.capabilitiesJson(withCapabilities(List.of()))).isEqualTo("[]");
    }

    @Test
    void capabilitiesJsonKeepsNamesInOrder() {
        String json = HeartbeatRules.capabilitiesJson(withCapabilities(List.of("ssh.exec", "proxmox.status",
                "odd\"name\\")));
        JsonArray array = parse(json).asJsonArray();
        assertThat(array.getValuesAs(JsonString::getString))
                .containsExactly("ssh.exec", "proxmox.status", "odd\"name\\");
    }

    @Test
    void healthJsonOfNoHealthIsNull() {
        assertThat(HeartbeatRules.healthJson(withHeartbeatSeconds(10))).isNull();
    }

    @Test
    void healthJsonKeepsTheValues() {
        long big = 17_179_869_184L; // 16 GiB: beyond an int
        JsonObject health = parse(HeartbeatRules.healthJson(report(List.of(), 10,
                new Health(123_456_789L, big, 7, 4, 0), null, null))).asJsonObject();
        assertThat(health.getJsonNumber("heapUsedBytes").longValueExact()).isEqualTo(123_456_789L);
        assertThat(health.getJsonNumber("heapMaxBytes").longValueExact()).isEqualTo(big);
        assertThat(health.getJsonNumber("inFlight").intValueExact()).isEqualTo(7);
        assertThat(health.getJsonNumber("workers").intValueExact()).isEqualTo(4);
        assertThat(health.getJsonNumber("outboxPending").intValueExact()).isZero();
        assertThat(health).hasSize(5);
    }

    @Test
    void healthJsonKeepsTheCloneGateFigures() {
        JsonObject health = parse(HeartbeatRules.healthJson(report(List.of(), 10,
                new Health(1L, 2L, 0, 1, 0, 3, 2, 41L, 12.5), null, null))).asJsonObject();
        assertThat(health.getJsonNumber("cloneWaiting").intValueExact()).isEqualTo(3);
        assertThat(health.getJsonNumber("cloneRunning").intValueExact()).isEqualTo(2);
        assertThat(health.getJsonNumber("cloneGranted").longValueExact()).isEqualTo(41L);
        assertThat(health.getJsonNumber("cloneWaitedSeconds").doubleValue()).isEqualTo(12.5);
        assertThat(health).hasSize(9);
    }

    @Test
    void healthJsonKeepsUnknownValuesAsNull() {
        JsonObject health = parse(HeartbeatRules.healthJson(report(List.of(), 10,
                new Health(null, 2048L, null, 1, null), null, null))).asJsonObject();
        assertThat(health.get("heapUsedBytes")).isEqualTo(JsonValue.NULL);
        assertThat(health.getJsonNumber("heapMaxBytes").longValueExact()).isEqualTo(2048L);
        assertThat(health.get("inFlight")).isEqualTo(JsonValue.NULL);
        assertThat(health.getJsonNumber("workers").intValueExact()).isEqualTo(1);
        assertThat(health.get("outboxPending")).isEqualTo(JsonValue.NULL);
    }
}
