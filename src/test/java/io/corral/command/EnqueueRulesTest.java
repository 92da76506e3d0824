package io.corral.command;

import io.corral.command.CommandType.FieldKind;
import io.corral.platform.error.ValidationProblem;
import jakarta.json.JsonObject;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnqueueRulesTest {
    private static final OffsetDateTime NOW = OffsetDateTime.of(2025, 3, 1, 12, 0, 0, 0, ZoneOffset.UTC);
    private static final int DEFAULT_EXPIRY = 600;
    private static final long SEVEN_DAYS = Duration.ofDays(7).toSeconds();

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

    private static JsonObject json(String text) {
        return CanonicalJson.parse(text).asJsonObject();
    }

    private static CommandType type(String name) {
        return EnqueueRules.type(name);
    }

    @Nested
    class Type {
        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {" ", "\t"})
        void blankIsRequired(String name) {
            assertThat(rejects(() -> EnqueueRules.type(name), "type")).isEqualTo("type: is required");
        }

        @Test
        void unknownNamesTheTypeAndListsEveryKnownType() {
            String message = rejects(() -> EnqueueRules.type("proxmox.reboot"), "type");
            assertThat(message).contains("'proxmox.reboot'").contains("known: ");
            for (String known : CommandTypes.names()) {
                assertThat(message).contains(known);
            }
            assertThat(message).contains("proxmox.status", "proxmox.clone", "ssh.exec", "targets.list");
        }

        @Test
        void namesAreExact() {
            rejects(() -> EnqueueRules.type(" proxmox.status"), "type");
            rejects(() -> EnqueueRules.type("PROXMOX.STATUS"), "type");
        }

        @Test
        void knownTypeIsReturnedWithItsKind() {
            CommandType status = EnqueueRules.type("proxmox.status");
            assertThat(status.name()).isEqualTo("proxmox.status");
            assertThat(status.readOnly()).isTrue();
            assertThat(status.required()).containsOnlyKeys("node", "vmid");
            CommandType start = EnqueueRules.type("proxmox.start");
            assertThat(start.readOnly()).isFalse();
        }
    }

    @Nested
    class Payload {
        @Test
        void validPayloadsPass() {
            EnqueueRules.payload(type("proxmox.status"), json("{\"node\":\"pve1\",\"vmid\":100}"));
            EnqueueRules.payload(type("proxmox.config.set"),
                    json("{\"node\":\"pve1\",\"vmid\":100,\"config\":{\"memory\":2048}}"));
            EnqueueRules.payload(type("proxmox.wait-vm-presence"),
                    json("{\"node\":\"pve1\",\"vmid\":100,\"present\":false}"));
            EnqueueRules.payload(type("proxmox.list"), JsonObject.EMPTY_JSON_OBJECT);
            EnqueueRules.payload(type("proxmox.list"), json("{\"anything\":[1,2]}"));
        }

        @Test
        void missingRequiredFieldIsNamed() {
            assertThat(rejects(() -> EnqueueRules.payload(type("proxmox.status"), json("{\"node\":\"pve1\"}")),
                    "payload.vmid")).isEqualTo("payload.vmid: is required for proxmox.status");
            assertThat(rejects(() -> EnqueueRules.payload(type("proxmox.status"), json("{\"vmid\":100}")),
                    "payload.node")).isEqualTo("payload.node: is required for proxmox.status");
            rejects(() -> EnqueueRules.payload(type("ssh.exec"), json("{\"target\":\"web-1\"}")), "payload.command");
        }

        @Test
        void nothingGivenNamesOneOfTheRequiredFields() {
            assertThatThrownBy(() -> EnqueueRules.payload(type("proxmox.status"), JsonObject.EMPTY_JSON_OBJECT))
                    .isInstanceOfSatisfying(ValidationProblem.class, p -> {
                        assertThat(p.status()).isEqualTo(400);
                        assertThat(p.code()).isEqualTo("VALIDATION_FAILED");
                        assertThat(p.getMessage()).matches("payload\\.(node|vmid): is required for proxmox\\.status");
                    });
        }

        @Test
        void nullCountsAsMissing() {
            assertThat(rejects(() -> EnqueueRules.payload(type("proxmox.status"),
                    json("{\"node\":\"pve1\",\"vmid\":null}")), "payload.vmid"))
                    .isEqualTo("payload.vmid: is required for proxmox.status");
            assertThat(rejects(() -> EnqueueRules.payload(type("proxmox.status"),
                    json("{\"node\":null,\"vmid\":100}")), "payload.node"))
                    .isEqualTo("payload.node: is required for proxmox.status");
        }

        @ParameterizedTest
        @ValueSource(strings = {"1", "true", "false", "[]", "[\"pve1\"]", "{}", "{\"name\":\"pve1\"}"})
        void stringFieldRefusesOtherKinds(String node) {
            assertThat(rejects(() -> EnqueueRules.payload(type("proxmox.status"),
                    json("{\"node\":" + node + ",\"vmid\":100}")), "payload.node"))
                    .isEqualTo("payload.node: must be string for proxmox.status");
        }

        @ParameterizedTest
        @ValueSource(strings = {"1.5", "100.5", "\"100\"", "true", "[100]", "{}"})
        void integerFieldRefusesFractionsAndOtherKinds(String vmid) {
            assertThat(rejects(() -> EnqueueRules.payload(type("proxmox.status"),
                    json("{\"node\":\"pve1\",\"vmid\":" + vmid + "}")), "payload.vmid"))
                    .isEqualTo("payload.vmid: must be integer for proxmox.status");
        }

        @ParameterizedTest
        @ValueSource(strings = {"0", "100", "-1", "999999999"})
        void integerFieldAcceptsIntegers(String vmid) {
            EnqueueRules.payload(type("proxmox.status"), json("{\"node\":\"pve1\",\"vmid\":" + vmid + "}"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"memory=2048\"", "[]", "1", "true"})
        void objectFieldRefusesOtherKinds(String config) {
            assertThat(rejects(() -> EnqueueRules.payload(type("proxmox.config.set"),
                    json("{\"node\":\"pve1\",\"vmid\":100,\"config\":" + config + "}")), "payload.config"))
                    .isEqualTo("payload.config: must be object for proxmox.config.set");
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"true\"", "1", "0", "[]", "{}"})
        void booleanFieldRefusesOtherKinds(String present) {
            assertThat(rejects(() -> EnqueueRules.payload(type("proxmox.wait-vm-presence"),
                    json("{\"node\":\"pve1\",\"vmid\":100,\"present\":" + present + "}")), "payload.present"))
                    .isEqualTo("payload.present: must be boolean for proxmox.wait-vm-presence");
        }

        /** No built-in type requires an array today; the kind is checked for any type that does. */
        @Test
        void arrayFieldRefusesOtherKinds() {
            CommandType withArray = new CommandType("test.array", false, Map.of("items", FieldKind.ARRAY));
            EnqueueRules.payload(withArray, json("{\"items\":[]}"));
            EnqueueRules.payload(withArray, json("{\"items\":[1,\"a\",{}]}"));
            for (String items : new String[] {"{}", "\"[]\"", "1", "true"}) {
                assertThat(rejects(() -> EnqueueRules.payload(withArray, json("{\"items\":" + items + "}")),
                        "payload.items")).isEqualTo("payload.items: must be array for test.array");
            }
            rejects(() -> EnqueueRules.payload(withArray, json("{\"items\":null}")), "payload.items");
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "STRING  | \"x\"   | 1",
                "INTEGER | 7       | 7.25",
                "OBJECT  | {}      | []",
                "ARRAY   | []      | {}",
                "BOOLEAN | true    | \"false\""})
        void everyKindAcceptsItsOwnAndRefusesAnother(FieldKind kind, String good, String bad) {
            CommandType t = new CommandType("test.kind", false, Map.of("f", kind));
            EnqueueRules.payload(t, json("{\"f\":" + good + "}"));
            assertThat(rejects(() -> EnqueueRules.payload(t, json("{\"f\":" + bad + "}")), "payload.f"))
                    .isEqualTo("payload.f: must be " + kind.name().toLowerCase() + " for test.kind");
        }
    }

    @Nested
    class Priority {
        @Test
        void defaultIsFive() {
            assertThat(EnqueueRules.priority(null)).isEqualTo(5);
        }

        @ParameterizedTest
        @ValueSource(ints = {0, 1, 5, 9})
        void zeroToNineAreKept(int p) {
            assertThat(EnqueueRules.priority(p)).isEqualTo(p);
        }

        @ParameterizedTest
        @ValueSource(ints = {-1, 10, 100, Integer.MIN_VALUE, Integer.MAX_VALUE})
        void outsideZeroToNineIsRefused(int p) {
            rejects(() -> EnqueueRules.priority(p), "priority");
        }
    }

    @Nested
    class Expiry {
        @Test
        void defaultIsNowPlusTheConfiguredSeconds() {
            assertThat(EnqueueRules.expiresAt(null, null, DEFAULT_EXPIRY, NOW)).isEqualTo(NOW.plusMinutes(10));
            assertThat(EnqueueRules.expiresAt(null, null, 60, NOW)).isEqualTo(NOW.plusSeconds(60));
        }

        @Test
        void bothGivenIsRefusedOnExpiresIn() {
            assertThat(rejects(() -> EnqueueRules.expiresAt(60, NOW.plusMinutes(5), DEFAULT_EXPIRY, NOW),
                    "expiresIn")).contains("not both");
        }

        @Test
        void expiresInIsSecondsFromNow() {
            assertThat(EnqueueRules.expiresAt(1, null, DEFAULT_EXPIRY, NOW)).isEqualTo(NOW.plusSeconds(1));
            assertThat(EnqueueRules.expiresAt(3600, null, DEFAULT_EXPIRY, NOW)).isEqualTo(NOW.plusHours(1));
            assertThat(EnqueueRules.expiresAt((int) SEVEN_DAYS, null, DEFAULT_EXPIRY, NOW)).isEqualTo(NOW.plusDays(7));
        }

        @ParameterizedTest
        @ValueSource(ints = {0, -1, -3600, Integer.MIN_VALUE})
        void expiresInMustBeInTheFuture(int seconds) {
            assertThat(rejects(() -> EnqueueRules.expiresAt(seconds, null, DEFAULT_EXPIRY, NOW), "expiresIn"))
                    .contains("future");
        }

        @ParameterizedTest
        @ValueSource(ints = {604_801, 1_000_000, Integer.MAX_VALUE})
        void expiresInAtMostSevenDays(int seconds) {
            assertThat(rejects(() -> EnqueueRules.expiresAt(seconds, null, DEFAULT_EXPIRY, NOW), "expiresIn"))
                    .contains("7 days");
        }

        @Test
        void expiresAtIsKept() {
            OffsetDateTime at = NOW.plusHours(2);
            assertThat(EnqueueRules.expiresAt(null, at, DEFAULT_EXPIRY, NOW)).isEqualTo(at);
            assertThat(EnqueueRules.expiresAt(null, NOW.plusDays(7), DEFAULT_EXPIRY, NOW)).isEqualTo(NOW.plusDays(7));
        }

        @Test
        void expiresAtInAnotherOffsetIsComparedAsAnInstant() {
            // 13:30+02:00 is 11:30Z, half an hour before NOW
            OffsetDateTime past = OffsetDateTime.of(2025, 3, 1, 13, 30, 0, 0, ZoneOffset.ofHours(2));
            rejects(() -> EnqueueRules.expiresAt(null, past, DEFAULT_EXPIRY, NOW), "expiresAt");
            // 12:30-01:00 is 13:30Z, an hour and a half after NOW
            OffsetDateTime future = OffsetDateTime.of(2025, 3, 1, 12, 30, 0, 0, ZoneOffset.ofHours(-1));
            assertThat(EnqueueRules.expiresAt(null, future, DEFAULT_EXPIRY, NOW)).isEqualTo(future);
        }

        @Test
        void expiresAtMustBeInTheFuture() {
            assertThat(rejects(() -> EnqueueRules.expiresAt(null, NOW.minusSeconds(1), DEFAULT_EXPIRY, NOW),
                    "expiresAt")).contains("future");
            rejects(() -> EnqueueRules.expiresAt(null, NOW, DEFAULT_EXPIRY, NOW), "expiresAt");
            rejects(() -> EnqueueRules.expiresAt(null, NOW.minusYears(1), DEFAULT_EXPIRY, NOW), "expiresAt");
        }

        @Test
        void expiresAtAtMostSevenDays() {
            assertThat(rejects(() -> EnqueueRules.expiresAt(null, NOW.plusDays(7).plusSeconds(1), DEFAULT_EXPIRY,
                    NOW), "expiresAt")).contains("7 days");
            rejects(() -> EnqueueRules.expiresAt(null, NOW.plusDays(30), DEFAULT_EXPIRY, NOW), "expiresAt");
        }
    }

    @Nested
    class Bounded {
        @Test
        void nullIsTheFallback() {
            assertThat(EnqueueRules.bounded("maxAttempts", null, 1, 10, 3)).isEqualTo(3);
        }

        @Test
        void boundsAreInclusive() {
            assertThat(EnqueueRules.bounded("maxAttempts", 1, 1, 10, 3)).isEqualTo(1);
            assertThat(EnqueueRules.bounded("maxAttempts", 10, 1, 10, 3)).isEqualTo(10);
            assertThat(EnqueueRules.bounded("staleAfterSeconds", 86_400, 1, 86_400, 60)).isEqualTo(86_400);
        }

        @Test
        void outsideIsRefusedNamingTheField() {
            assertThat(rejects(() -> EnqueueRules.bounded("maxAttempts", 0, 1, 10, 3), "maxAttempts"))
                    .isEqualTo("maxAttempts: must be between 1 and 10");
            rejects(() -> EnqueueRules.bounded("maxAttempts", 11, 1, 10, 3), "maxAttempts");
            rejects(() -> EnqueueRules.bounded("staleAfterSeconds", 86_401, 1, 86_400, 60), "staleAfterSeconds");
            rejects(() -> EnqueueRules.bounded("staleAfterSeconds", -5, 1, 86_400, 60), "staleAfterSeconds");
        }
    }

    @Nested
    class Key {
        @Test
        void nullIsNoKey() {
            assertThat(EnqueueRules.key("lockKey", null)).isNull();
        }

        @Test
        void oneToTwoHundredCharactersAreKept() {
            assertThat(EnqueueRules.key("lockKey", "vm:100")).isEqualTo("vm:100");
            assertThat(EnqueueRules.key("lockKey", "x")).isEqualTo("x");
            String max = "k".repeat(200);
            assertThat(EnqueueRules.key("lockKey", max)).isEqualTo(max);
        }

        @ParameterizedTest
        @ValueSource(strings = {"", " ", "   \t"})
        void blankIsRefused(String key) {
            assertThat(rejects(() -> EnqueueRules.key("lockKey", key), "lockKey"))
                    .isEqualTo("lockKey: must be 1-200 characters");
        }

        @Test
        void longerThanTwoHundredIsRefused() {
            rejects(() -> EnqueueRules.key("lockKey", "k".repeat(201)), "lockKey");
            rejects(() -> EnqueueRules.key("dedupeKey", "k".repeat(5000)), "dedupeKey");
        }
    }

    @Nested
    class DedupeKey {
        private final CommandType read = type("proxmox.status");
        private final CommandType write = type("proxmox.start");
        private static final String PAYLOAD = "{\"node\":\"pve1\",\"vmid\":100}";

        @Test
        void bodyAndHeaderDifferingIsRefusedOnDedupeKey() {
            assertThat(rejects(() -> EnqueueRules.dedupeKey("a", "b", write, PAYLOAD), "dedupeKey"))
                    .contains("Idempotency-Key");
            rejects(() -> EnqueueRules.dedupeKey("a", "b", read, PAYLOAD), "dedupeKey");
        }

        @Test
        void bodyAndHeaderEqualIsThatKey() {
            assertThat(EnqueueRules.dedupeKey("same", "same", write, PAYLOAD)).isEqualTo("same");
        }

        @Test
        void explicitKeyWins() {
            assertThat(EnqueueRules.dedupeKey("body-key", null, write, PAYLOAD)).isEqualTo("body-key");
            assertThat(EnqueueRules.dedupeKey(null, "header-key", write, PAYLOAD)).isEqualTo("header-key");
            assertThat(EnqueueRules.dedupeKey("body-key", null, read, PAYLOAD)).isEqualTo("body-key");
            assertThat(EnqueueRules.dedupeKey(null, "header-key", read, PAYLOAD)).isEqualTo("header-key");
        }

        @Test
        void badKeysAreNamedByWhereTheyCameFrom() {
            rejects(() -> EnqueueRules.dedupeKey("", null, write, PAYLOAD), "dedupeKey");
            rejects(() -> EnqueueRules.dedupeKey("k".repeat(201), null, write, PAYLOAD), "dedupeKey");
            rejects(() -> EnqueueRules.dedupeKey(null, " ", write, PAYLOAD), "Idempotency-Key");
            rejects(() -> EnqueueRules.dedupeKey(null, "k".repeat(201), read, PAYLOAD), "Idempotency-Key");
        }

        @Test
        void writeTypesWithoutAKeyHaveNone() {
            assertThat(EnqueueRules.dedupeKey(null, null, write, PAYLOAD)).isNull();
            assertThat(EnqueueRules.dedupeKey(null, null, type("ssh.exec"), "{}")).isNull();
        }

        @Test
        void readOnlyTypesGetAnAutoKey() {
            String key = EnqueueRules.dedupeKey(null, null, read, PAYLOAD);
            assertThat(key).startsWith("auto:").matches("auto:[0-9a-f]{64}");
            assertThat(key.length()).isLessThanOrEqualTo(200);
            assertThat(EnqueueRules.dedupeKey(null, null, read, PAYLOAD)).isEqualTo(key);
        }

        @Test
        void autoKeysAreEqualForEqualPayloadsWhateverTheKeyOrder() {
            String one = CanonicalJson.of(json("{\"node\":\"pve1\",\"vmid\":100}"));
            String two = CanonicalJson.of(json("{\"vmid\":100,\"node\":\"pve1\"}"));
            assertThat(EnqueueRules.dedupeKey(null, null, read, one))
                    .isEqualTo(EnqueueRules.dedupeKey(null, null, read, two));
        }

        @Test
        void autoKeysDifferForDifferentPayloads() {
            String a = EnqueueRules.dedupeKey(null, null, read, CanonicalJson.of(json("{\"node\":\"pve1\",\"vmid\":100}")));
            String b = EnqueueRules.dedupeKey(null, null, read, CanonicalJson.of(json("{\"node\":\"pve1\",\"vmid\":101}")));
            String c = EnqueueRules.dedupeKey(null, null, read, CanonicalJson.of(json("{\"node\":\"pve2\",\"vmid\":100}")));
            assertThat(a).isNotEqualTo(b).isNotEqualTo(c);
            assertThat(b).isNotEqualTo(c);
        }

        @Test
        void autoKeysDifferForDifferentTypesWithTheSamePayload() {
            assertThat(EnqueueRules.dedupeKey(null, null, read, PAYLOAD))
                    .isNotEqualTo(EnqueueRules.dedupeKey(null, null, type("proxmox.config.get"), PAYLOAD));
        }
    }
}
