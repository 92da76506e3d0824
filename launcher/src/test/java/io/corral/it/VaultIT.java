package io.corral.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.corral.launcher.Stack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The credential vault on the real stack (keys v1 and v2 configured, v1 active): secrets are
 * ciphertext in PostgreSQL and appear in no list, metadata answer or log; reveal is admin-only and
 * audited; rotation to v2 re-encrypts every row and reveals the same plaintext; bad input is a 4xx
 * naming the field and stores nothing.
 */
@ExtendWith(SharedStack.class)
@Order(6)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VaultIT {
    /** Every secret this test stores carries this marker, so one search finds any leak. */
    private static final String MARKER = "vault-it-secret-" + UUID.randomUUID();
    private static Stack stack;
    private static Api admin;
    private static Api operator;
    private static Api viewer;
    private static final List<String> stored = new ArrayList<>();

    @BeforeAll
    static void connect() {
        stack = SharedStack.get();
        String v1 = stack.controlPlaneUrl() + "/api/v1";
        admin = new Api(v1, stack.apiToken());
        operator = new Api(v1, token("operator"));
        viewer = new Api(v1, token("viewer"));
    }

    @Test
    @Order(1)
    void storedSecretsAreCiphertextAndNeverListed() throws Exception {
        Api.Reply created = admin.post("/credentials", "{\"provider\":\"claude\",\"sessionId\":\"" + UUID.randomUUID()
                + "\",\"label\":\"dev@example.com\",\"credentials\":{\"claudeAiOauth\":{\"accessToken\":\"" + secret(1)
                + "\",\"refreshToken\":\"" + secret(2) + "\",\"expiresAt\":1893456000000}}}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode c = created.json();
        String id = c.path("id").asText();
        stored.add(id);
        assertThat(created.raw().headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith(id));
        assertThat(created.body()).doesNotContain(MARKER);
        assertThat(c.path("provider").asText()).isEqualTo("claude");
        assertThat(c.path("status").asText()).isEqualTo("unknown");
        assertThat(c.path("keyVersion").asInt()).isEqualTo(1);
        assertThat(c.path("expiresAt").asText()).startsWith("2030-01-01T00:00");
        stored.add(store("openai", "{\"api_key\":\"" + secret(3) + "\"}"));
        stored.add(store("gemini", "{\"token\":\"" + secret(4) + "\",\"nested\":{\"a\":[1,2,\"" + secret(5) + "\"]}}"));

        try (Connection db = db()) {
            for (String each : stored) {
                byte[] ciphertext = bytes(db, "select ciphertext from credential where id = ?::uuid", each);
                assertThat(ciphertext).isNotEmpty();
                assertThat(new String(ciphertext, StandardCharsets.ISO_8859_1)).doesNotContain(MARKER, "vault-it");
                assertThat(bytes(db, "select nonce from credential where id = ?::uuid", each)).hasSize(12);
                assertThat(text(db, "select row_to_json(c)::text from credential c where id = ?::uuid", each))
                        .doesNotContain(MARKER);
            }
            assertThat(text(db, "select coalesce(string_agg(row_to_json(a)::text, ','), '') from credential_access a", null))
                    .doesNotContain(MARKER);
        }
        Api.Reply list = operator.get("/credentials?limit=500");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).contains(stored.get(0), stored.get(1), stored.get(2)).doesNotContain(MARKER);
        assertThat(operator.get("/credentials?provider=openai").body()).contains(stored.get(1))
                .doesNotContain(stored.get(0));
        assertThat(operator.get("/credentials/" + id).body()).contains("dev@example.com").doesNotContain(MARKER);
        assertThat(operator.get("/vault").body()).doesNotContain(SharedStack.VAULT_KEY_1, SharedStack.VAULT_KEY_2);
        assertThat(admin.get("/credentials/" + id + "/audit").body()).doesNotContain(MARKER);
        assertThat(viewer.get("/credentials").status()).isEqualTo(403);
    }

    @Test
    @Order(2)
    void revealIsForAdminsAndAudited() {
        String id = stored.get(1);
        assertThat(operator.post("/credentials/" + id + "/reveal", "").status()).isEqualTo(403);
        assertThat(viewer.post("/credentials/" + id + "/reveal", "").status()).isEqualTo(403);
        assertThat(operator.get("/credentials/" + id + "/audit").status()).isEqualTo(403);

        Api.Reply revealed = admin.post("/credentials/" + id + "/reveal", "");
        assertThat(revealed.status()).as(revealed.body()).isEqualTo(200);
        assertThat(revealed.json().path("credentials").path("api_key").asText()).isEqualTo(secret(3));
        assertThat(revealed.json().path("revealedBy").asText()).isEqualTo("bootstrap");

        JsonNode trail = admin.get("/credentials/" + id + "/audit").json().path("items");
        assertThat(trail.get(0).path("action").asText()).isEqualTo("reveal");
        assertThat(trail.get(0).path("actor").asText()).isEqualTo("bootstrap");
        assertThat(trail.get(0).path("outcome").asText()).isEqualTo("ok");
        assertThat(trail.get(0).path("at").asText()).isNotBlank();
        assertThat(trail.get(trail.size() - 1).path("action").asText()).isEqualTo("store");
    }

    @Test
    @Order(3)
    void deleteErasesTheSecretAndKeepsTheTrail() throws Exception {
        String id = store("claude", "{\"token\":\"" + secret(6) + "\"}");
        assertThat(operator.send("DELETE", "/credentials/" + id, null, null).status()).isEqualTo(403);
        assertThat(admin.send("DELETE", "/credentials/" + id, null, null).status()).isEqualTo(204);

        assertError(admin.get("/credentials/" + id), 404, "NOT_FOUND");
        assertError(admin.post("/credentials/" + id + "/reveal", ""), 404, "NOT_FOUND");
        assertError(admin.send("DELETE", "/credentials/" + id, null, null), 404, "NOT_FOUND");
        assertThat(admin.get("/credentials?limit=500").body()).doesNotContain(id);
        JsonNode trail = admin.get("/credentials/" + id + "/audit").json().path("items");
        assertThat(trail).extracting(a -> a.path("action").asText() + ":" + a.path("outcome").asText())
                .containsExactly("reveal:refused", "delete:ok", "store:ok");
        try (Connection db = db()) {
            assertThat(text(db, "select coalesce(encode(ciphertext, 'hex'), 'erased') from credential where id = ?::uuid", id))
                    .isEqualTo("erased");
        }
    }

    @Test
    @Order(4)
    void badInputIsRefusedNamingTheFieldAndStoresNothing() throws Exception {
        long before = credentialRows();
        assertError(admin.post("/credentials", ""), 400, "BAD_JSON");
        assertError(admin.post("/credentials", "{\"provider\":\"claude\",\"credentials\":{\"a\":1}}}"), 400, "BAD_JSON");
        assertFieldError(admin.post("/credentials", "{\"credentials\":{\"a\":1}}"), "VALIDATION_FAILED", "provider");
        assertFieldError(admin.post("/credentials", "{\"provider\":\"no spaces\",\"credentials\":{\"a\":1}}"),
                "VALIDATION_FAILED", "provider");
        assertFieldError(admin.post("/credentials", "{\"provider\":\"claude\"}"), "VALIDATION_FAILED", "credentials");
        assertFieldError(admin.post("/credentials", "{\"provider\":\"claude\",\"credentials\":{}}"),
                "VALIDATION_FAILED", "credentials");
        assertFieldError(admin.post("/credentials", "{\"provider\":\"claude\",\"credentials\":\"" + MARKER + "\"}"),
                "BAD_JSON", "credentials");
        assertFieldError(admin.post("/credentials", "{\"provider\":\"claude\",\"credentials\":{\"a\":1},\"secret\":1}"),
                "BAD_JSON", "secret");
        assertFieldError(admin.post("/credentials", "{\"provider\":\"claude\",\"sessionId\":\"x\",\"credentials\":{\"a\":1}}"),
                "BAD_JSON", "sessionId");
        assertFieldError(admin.post("/credentials", "{\"provider\":\"claude\",\"label\":\"" + "x".repeat(201)
                + "\",\"credentials\":{\"a\":1}}"), "VALIDATION_FAILED", "label");
        assertFieldError(admin.post("/credentials", "{\"provider\":\"claude\",\"expiresAt\":\"tomorrow\",\"credentials\":{\"a\":1}}"),
                "BAD_JSON", "expiresAt");
        assertFieldError(admin.post("/credentials", "{\"provider\":\"claude\",\"credentials\":{\"a\":\""
                + "x".repeat(70_000) + "\"}}"), "VALIDATION_FAILED", "credentials");
        assertThat(operator.post("/credentials", "{\"provider\":\"claude\",\"credentials\":{\"a\":1}}").status())
                .isEqualTo(403);
        assertThat(credentialRows()).isEqualTo(before);

        assertFieldError(operator.get("/credentials?status=fine"), "VALIDATION_FAILED", "status");
        assertFieldError(operator.get("/credentials?limit=0"), "VALIDATION_FAILED", "limit");
        assertFieldError(operator.get("/credentials?sessionId=x"), "VALIDATION_FAILED", "sessionId");
        assertFieldError(operator.get("/credentials?cursor=x"), "VALIDATION_FAILED", "cursor");
        assertFieldError(operator.get("/credentials?cursor=" + UUID.randomUUID()), "VALIDATION_FAILED", "cursor");
        assertFieldError(operator.get("/credentials/nope"), "VALIDATION_FAILED", "id");
        assertError(operator.get("/credentials/" + UUID.randomUUID()), 404, "NOT_FOUND");
        assertFieldError(admin.post("/credentials/nope/reveal", ""), "VALIDATION_FAILED", "id");
        assertError(admin.post("/credentials/" + UUID.randomUUID() + "/reveal", ""), 404, "NOT_FOUND");
        assertFieldError(admin.send("DELETE", "/credentials/nope", null, null), "VALIDATION_FAILED", "id");
        assertError(admin.send("DELETE", "/credentials/" + UUID.randomUUID(), null, null), 404, "NOT_FOUND");
        assertFieldError(admin.get("/credentials/nope/audit"), "VALIDATION_FAILED", "id");
        assertError(admin.get("/credentials/" + UUID.randomUUID() + "/audit"), 404, "NOT_FOUND");
        assertFieldError(admin.get("/credentials/" + stored.get(0) + "/audit?limit=9999"), "VALIDATION_FAILED", "limit");

        assertFieldError(admin.post("/vault/rotate", "{}"), "VALIDATION_FAILED", "toVersion");
        assertFieldError(admin.post("/vault/rotate", "{\"toVersion\":\"2\"}"), "BAD_JSON", "toVersion");
        assertFieldError(admin.post("/vault/rotate", "{\"toVersion\":0}"), "VALIDATION_FAILED", "toVersion");
        assertFieldError(admin.post("/vault/rotate", "{\"toVersion\":3}"), "VALIDATION_FAILED", "toVersion");
        assertError(admin.post("/vault/rotate", "{\"toVersion\":"), 400, "BAD_JSON");
        assertThat(operator.post("/vault/rotate", "{\"toVersion\":2}").status()).isEqualTo(403);
        assertFieldError(operator.get("/vault/rotations?limit=0"), "VALIDATION_FAILED", "limit");
        assertFieldError(operator.get("/vault/rotations/nope"), "VALIDATION_FAILED", "id");
        assertError(operator.get("/vault/rotations/" + UUID.randomUUID()), 404, "NOT_FOUND");
        assertThat(operator.get("/vault").json().path("writeVersion").asInt()).isEqualTo(1);
    }

    @Test
    @Order(5)
    void rotationReencryptsEveryRowAndTheSecretsStayTheSame() throws Exception {
        List<String> before = new ArrayList<>();
        try (Connection db = db()) {
            for (String id : stored) {
                before.add(text(db, "select encode(ciphertext, 'hex') from credential where id = ?::uuid", id));
            }
        }
        Api.Reply rotated = admin.post("/vault/rotate", "{\"toVersion\":2}");
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        JsonNode run = rotated.json();
        assertThat(run.path("status").asText()).isEqualTo("succeeded");
        assertThat(run.path("toVersion").asInt()).isEqualTo(2);
        assertThat(run.path("rotated").asInt()).isGreaterThanOrEqualTo(stored.size());
        assertThat(run.path("failed").asInt()).isZero();
        assertThat(run.path("remaining").asLong()).isZero();

        try (Connection db = db()) {
            assertThat(text(db, "select count(*)::text from credential where deleted_at is null and key_version <> 2", null))
                    .isEqualTo("0");
            for (int i = 0; i < stored.size(); i++) {
                assertThat(text(db, "select encode(ciphertext, 'hex') from credential where id = ?::uuid", stored.get(i)))
                        .isNotEqualTo(before.get(i));
            }
        }
        assertThat(admin.post("/credentials/" + stored.get(0) + "/reveal", "").json().path("credentials")
                .path("claudeAiOauth").path("accessToken").asText()).isEqualTo(secret(1));
        assertThat(admin.post("/credentials/" + stored.get(1) + "/reveal", "").json().path("credentials")
                .path("api_key").asText()).isEqualTo(secret(3));
        assertThat(admin.post("/credentials/" + stored.get(2) + "/reveal", "").json().path("credentials")
                .path("nested").path("a").get(2).asText()).isEqualTo(secret(5));
        assertThat(admin.get("/credentials/" + stored.get(1) + "/audit").body()).contains("key version 1 to 2");

        String after = store("openai", "{\"api_key\":\"" + secret(7) + "\"}");
        assertThat(admin.get("/credentials/" + after).json().path("keyVersion").asInt()).isEqualTo(2);
        JsonNode status = operator.get("/vault").json();
        assertThat(status.path("writeVersion").asInt()).isEqualTo(2);
        assertThat(status.path("configuredActiveVersion").asInt()).isEqualTo(1);
        assertThat(status.path("lastRotation").path("id").asText()).isEqualTo(run.path("id").asText());
        assertThat(operator.get("/vault/rotations").body()).contains(run.path("id").asText());
    }

    @Test
    @Order(6)
    void storesAndRevealsKeepWorkingDuringARotationAndEveryRowEndsUnderTheNewKey() throws Exception {
        Map<String, String> secrets = new ConcurrentHashMap<>();
        for (int i = 0; i < 30; i++) {
            secrets.put(store("claude", "{\"token\":\"" + secret(100 + i) + "\"}"), secret(100 + i));
        }
        List<String> ids = List.copyOf(secrets.keySet());
        AtomicBoolean rotating = new AtomicBoolean(true);
        List<String> problems = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Future<Integer> storing = pool.submit(() -> {
            int n = 0;
            while (rotating.get() || n < 5) {
                String value = secret(1000 + n);
                secrets.put(store("openai", "{\"api_key\":\"" + value + "\"}"), value);
                n++;
            }
            return n;
        });
        Future<Integer> revealing = pool.submit(() -> {
            int n = 0;
            while (rotating.get() || n < 5) {
                String id = ids.get(n % ids.size());
                Api.Reply r = admin.post("/credentials/" + id + "/reveal", "");
                if (r.status() != 200 || !r.json().path("credentials").path("token").asText().equals(secrets.get(id))) {
                    problems.add(r.status() + " " + r.body());
                }
                n++;
            }
            return n;
        });
        Api.Reply rotated;
        try {
            rotated = admin.post("/vault/rotate", "{\"toVersion\":1}");
        } finally {
            rotating.set(false);
        }
        int stores = storing.get(60, TimeUnit.SECONDS);
        int reveals = revealing.get(60, TimeUnit.SECONDS);
        pool.shutdown();

        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        assertThat(rotated.json().path("status").asText()).as(rotated.body()).isEqualTo("succeeded");
        assertThat(rotated.json().path("remaining").asLong()).isZero();
        assertThat(problems).as("reveals during the rotation").isEmpty();
        assertThat(stores).isGreaterThanOrEqualTo(5);
        assertThat(reveals).isGreaterThanOrEqualTo(5);
        try (Connection db = db()) {
            assertThat(text(db, "select count(*)::text from credential where deleted_at is null and key_version <> 1", null))
                    .as("rows not under key version 1 after the rotation, with stores running alongside").isEqualTo("0");
        }
        for (Map.Entry<String, String> e : secrets.entrySet()) {
            assertThat(admin.post("/credentials/" + e.getKey() + "/reveal", "").body()).contains(e.getValue());
        }
        assertThat(operator.get("/vault").json().path("writeVersion").asInt()).isEqualTo(1);
    }

    @Test
    @Order(7)
    void aMalformedKeyRefusesTheDeploymentWithoutPrintingIt() throws Exception {
        byte[] shortKey = new byte[31];
        new java.security.SecureRandom().nextBytes(shortKey);
        String bad = java.util.Base64.getEncoder().encodeToString(shortKey);
        java.nio.file.Path log = stack.logDir().resolve("control-plane-2.log");
        long from = Files.exists(log) ? Files.size(log) : 0;
        try {
            stack.startSecondControlPlane(Map.of("CORRAL_VAULT_KEYS", "1:" + SharedStack.VAULT_KEY_1 + ",2:" + bad,
                    "CORRAL_VAULT_ACTIVE_KEY", "1"), false);
            String refusal = Await.until("the deployment refused for the vault key", java.time.Duration.ofSeconds(150),
                    () -> tail(log, from), text -> text.contains("Credential vault configuration refused"));
            assertThat(refusal).contains("CORRAL_VAULT_KEYS entry 2 (version 2): the key must be 32 bytes (AES-256), not 31");
            assertThat(refusal).doesNotContain(bad, SharedStack.VAULT_KEY_1, SharedStack.VAULT_KEY_2);
            assertThat(healthStatus(stack.secondControlPlaneUrl())).as("health of the refused instance").isNotEqualTo(200);
        } finally {
            stack.stopSecondControlPlane();
        }
        assertThat(tail(log, from)).doesNotContain(bad, SharedStack.VAULT_KEY_1, SharedStack.VAULT_KEY_2);
    }

    @Test
    @Order(8)
    void aCiphertextMovedToAnotherRowOrAnEditedKeyVersionDoesNotDecryptAndTheAttemptIsAudited() throws Exception {
        String a = store("claude", "{\"token\":\"" + secret(201) + "\"}");
        String b = store("claude", "{\"token\":\"" + secret(202) + "\"}");
        try (Connection db = db(); PreparedStatement swap = db.prepareStatement(
                "update credential set nonce = (select nonce from credential where id = ?::uuid), "
                        + "ciphertext = (select ciphertext from credential where id = ?::uuid) where id = ?::uuid");
             PreparedStatement version = db.prepareStatement("update credential set key_version = 3 where id = ?::uuid")) {
            swap.setString(1, a);
            swap.setString(2, a);
            swap.setString(3, b);
            assertThat(swap.executeUpdate()).isEqualTo(1);
            version.setString(1, a);
            assertThat(version.executeUpdate()).isEqualTo(1);
        }

        assertError(admin.post("/credentials/" + b + "/reveal", ""), 500, "CREDENTIAL_UNREADABLE");
        assertError(admin.post("/credentials/" + a + "/reveal", ""), 503, "VAULT_KEY_MISSING");
        assertThat(admin.get("/credentials/" + b + "/audit").json().path("items").get(0).path("outcome").asText())
                .isEqualTo("failed");
        assertThat(admin.get("/credentials/" + a + "/audit").json().path("items").get(0).path("detail").asText())
                .isEqualTo("vault key version 3 is not configured");
        assertThat(operator.get("/vault").json().path("credentials"))
                .extracting(v -> v.path("keyVersion").asInt() + ":" + v.path("count").asLong() + ":"
                        + v.path("keyConfigured").asBoolean())
                .contains("3:1:false");
        // Erased, they no longer hold up a rotation or another test.
        assertThat(admin.send("DELETE", "/credentials/" + a, null, null).status()).isEqualTo(204);
        assertThat(admin.send("DELETE", "/credentials/" + b, null, null).status()).isEqualTo(204);
    }

    /** The health endpoint's status, or -1 when nothing answers. */
    private static int healthStatus(String baseUrl) {
        try {
            return new Api(baseUrl + "/api/v1", null).get("/health").status();
        } catch (IllegalStateException e) {
            return -1;
        }
    }

    private static String tail(java.nio.file.Path log, long from) {
        try {
            byte[] all = Files.exists(log) ? Files.readAllBytes(log) : new byte[0];
            return new String(all, (int) Math.min(from, all.length), (int) Math.max(0, all.length - from),
                    StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterAll
    static void noSecretOrKeyInTheLog() throws Exception {
        String log = Files.readString(stack.controlPlaneLog());
        assertThat(log).contains("Credential stored:", "Credential revealed:", "Vault rotation ended:");
        assertThat(log).doesNotContain(MARKER, SharedStack.VAULT_KEY_1, SharedStack.VAULT_KEY_2);
    }

    private static String secret(int n) {
        return MARKER + "-" + n;
    }

    private static String store(String provider, String credentials) {
        Api.Reply r = admin.post("/credentials", "{\"provider\":\"" + provider + "\",\"credentials\":" + credentials + "}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.body()).doesNotContain(MARKER);
        return r.json().path("id").asText();
    }

    private static String token(String role) {
        Api.Reply r = new Api(stack.controlPlaneUrl() + "/api/v1", stack.apiToken())
                .post("/tokens", "{\"name\":\"vault-it-" + role + "-" + UUID.randomUUID().toString().substring(0, 8)
                        + "\",\"role\":\"" + role + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().path("token").asText();
    }

    private static void assertError(Api.Reply r, int status, String code) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json().path("code").asText()).as(r.body()).isEqualTo(code);
        assertThat(r.body()).doesNotContain(MARKER);
    }

    private static void assertFieldError(Api.Reply r, String code, String field) {
        assertError(r, 400, code);
        assertThat(r.json().path("message").asText()).as(r.body()).contains(field);
    }

    private static long credentialRows() throws SQLException {
        try (Connection db = db()) {
            return Long.parseLong(text(db, "select count(*)::text from credential", null));
        }
    }

    private static Connection db() throws SQLException {
        return DriverManager.getConnection(stack.jdbcUrl(), stack.dbUser(), stack.dbPassword());
    }

    private static byte[] bytes(Connection db, String sql, String param) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            ps.setString(1, param);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getBytes(1);
            }
        }
    }

    private static String text(Connection db, String sql, String param) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            if (param != null) {
                ps.setString(1, param);
            }
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        }
    }
}
