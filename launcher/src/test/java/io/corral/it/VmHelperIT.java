package io.corral.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.corral.launcher.Stack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The helper inside a guest: an admin issues its token, the helper heartbeats with it, and the token
 * opens that guest's heartbeat and nothing else. Works on guests of its own, made by a clone run.
 */
@ExtendWith(SharedStack.class)
@Order(8)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VmHelperIT {
    private static Stack stack;
    private static Api admin;
    private static String vmA;
    private static String vmB;
    private static String vmC;
    private static String tokenA;

    @BeforeAll
    static void guests() {
        stack = SharedStack.get();
        admin = new Api(stack.apiUrl(), stack.apiToken());
        List<String> ids = Guests.make(stack, admin, "vh", 3);
        vmA = ids.get(0);
        vmB = ids.get(1);
        vmC = ids.get(2);
    }

    private static Api helper(String token) {
        return new Api(stack.apiUrl(), token);
    }

    private static Api.Reply beat(String token, String vm, String body) {
        return helper(token).post("/vms/" + vm + "/heartbeat", body);
    }

    private static String issue(String vm) {
        Api.Reply r = admin.post("/vms/" + vm + "/token", "");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().path("token").asText();
    }

    private static List<String> events(String vm, String kind) {
        return Guests.events(admin, vm, kind);
    }

    @Test
    @Order(1)
    void anIssuedTokenHeartbeatsItsVmHealthy() {
        Api.Reply issued = admin.post("/vms/" + vmA + "/token", "");
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        tokenA = issued.json().path("token").asText();
        assertThat(tokenA).startsWith("cvm_").hasSizeGreaterThan(40);
        assertThat(issued.json().path("vmId").asText()).isEqualTo(vmA);
        assertThat(issued.json().path("rotatedAt").isNull()).isTrue();

        OffsetDateTime before = OffsetDateTime.now().minusSeconds(1);
        Api.Reply r = beat(tokenA, vmA, "{\"active\":true}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode state = r.json();
        assertThat(state.path("vmId").asText()).isEqualTo(vmA);
        assertThat(state.path("health").asText()).isEqualTo("ok");
        assertThat(state.path("liveness").asText()).isEqualTo("online");
        OffsetDateTime at = OffsetDateTime.parse(state.path("lastHeartbeatAt").asText());
        assertThat(at).isAfter(before);
        assertThat(state.path("lastActiveAt").asText()).as("active: used now").isEqualTo(state.path("lastHeartbeatAt").asText());
        assertThat(events(vmA, "health")).containsExactly("->ok helper heartbeat");
        JsonNode vm = admin.get("/vms/" + vmA).json();
        assertThat(vm.path("health").asText()).as(vm.toString()).isEqualTo("ok");
        assertThat(OffsetDateTime.parse(vm.path("lastHeartbeatAt").asText())).isEqualTo(at);
        assertThat(OffsetDateTime.parse(vm.path("lastActiveAt").asText())).isEqualTo(at);

        String old = OffsetDateTime.now().minusHours(1).truncatedTo(ChronoUnit.SECONDS).toString();
        JsonNode later = beat(tokenA, vmA, "{\"active\":false,\"lastInputAt\":\"" + old + "\"}").json();
        assertThat(later.path("health").asText()).isEqualTo("ok");
        assertThat(OffsetDateTime.parse(later.path("lastActiveAt").asText())).as("activity never goes back")
                .isEqualTo(OffsetDateTime.parse(state.path("lastActiveAt").asText()));
        assertThat(beat(tokenA, vmA, "{}").status()).as("{} is a plain sign of life").isEqualTo(200);
        assertThat(events(vmA, "health")).as("only a change of health is an event").hasSize(1);

        JsonNode described = admin.get("/vms/" + vmA + "/token").json();
        assertThat(described.path("token").isNull()).as(described.toString()).isTrue();
        assertThat(described.path("lastUsedAt").isNull()).isFalse();
        assertThat(described.toString()).doesNotContain(tokenA.substring(4));
        assertThat(events(vmA, "token")).containsExactly("->active helper token issued");
    }

    @Test
    @Order(2)
    void aVmTokenOpensItsOwnHeartbeatOnly() {
        issue(vmB);
        Api.Reply other = beat(tokenA, vmB, "{}");
        Api.Reply unknown = beat(tokenA, UUID.randomUUID().toString(), "{}");
        assertThat(other.status()).as(other.body()).isEqualTo(403);
        assertThat(unknown.status()).as(unknown.body()).isEqualTo(403);
        assertThat(unknown.body()).as("an unknown VM looks like another one").isEqualTo(other.body());
        assertThat(other.json().path("code").asText()).isEqualTo("FORBIDDEN");

        assertThat(beat(stack.apiToken(), vmA, "{}").status()).as("API token").isEqualTo(403);
        assertThat(beat(stack.agentToken(), vmA, "{}").status()).as("agent token").isEqualTo(403);
        assertThat(beat(null, vmA, "{}").status()).as("no token").isEqualTo(401);
        assertThat(beat("cvm_nonsense", vmA, "{}").status()).as("unknown token").isEqualTo(401);
        assertThat(beat(null, UUID.randomUUID().toString(), "{}").status()).as("no token, unknown VM").isEqualTo(401);

        Api a = helper(tokenA);
        assertThat(a.get("/vms").status()).isEqualTo(403);
        assertThat(a.get("/vms/" + vmA + "/token").status()).isEqualTo(403);
        assertThat(a.post("/vms/" + vmA + "/token", "").status()).as("a helper cannot rotate its own token").isEqualTo(403);
        assertThat(a.get("/vms/" + vmA + "/services").status()).isEqualTo(403);
        assertThat(a.get("/services").status()).isEqualTo(403);
        Api.Reply agentApi = a.post("/agent/heartbeat", "{}");
        assertThat(agentApi.status()).as(agentApi.body()).isEqualTo(403);
        assertThat(agentApi.json().path("code").asText()).isEqualTo("FORBIDDEN");
    }

    @Test
    @Order(3)
    void rotationRetiresTheOldTokenAndRevocationTheCurrentOne() {
        Api.Reply rotated = admin.post("/vms/" + vmA + "/token", "");
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(201);
        String tokenA2 = rotated.json().path("token").asText();
        assertThat(tokenA2).startsWith("cvm_").isNotEqualTo(tokenA);
        assertThat(rotated.json().path("rotatedAt").isNull()).isFalse();
        assertThat(beat(tokenA, vmA, "{}").status()).as("old token, right after rotation").isEqualTo(401);
        assertThat(beat(tokenA2, vmA, "{}").status()).isEqualTo(200);

        Api.Reply revoked = admin.send("DELETE", "/vms/" + vmA + "/token", null, null);
        assertThat(revoked.status()).as(revoked.body()).isEqualTo(204);
        assertThat(beat(tokenA2, vmA, "{}").status()).as("revoked token").isEqualTo(401);
        assertThat(admin.get("/vms/" + vmA + "/token").status()).isEqualTo(404);
        Api.Reply again = admin.send("DELETE", "/vms/" + vmA + "/token", null, null);
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.json().path("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(events(vmA, "token")).containsExactly("->active helper token issued",
                "active>active helper token rotated", "active>revoked helper token revoked");

        String fresh = issue(vmA);
        assertThat(beat(fresh, vmA, "{}").status()).as("a new token after revocation").isEqualTo(200);
    }

    @Test
    @Order(6)
    void aTokenGoesWithItsGuest() {
        String token = issue(vmA);
        Guests.destroy(stack, admin, vmA);
        assertThat(beat(token, vmA, "{}").status()).isEqualTo(401);
        assertThat(admin.get("/vms/" + vmA + "/token").status()).isEqualTo(404);
    }

    @Test
    @Order(4)
    void badInputIsRefusedNamingTheField() {
        String tokenC = issue(vmC);
        String future = OffsetDateTime.now().plusMinutes(10).toString();
        assertRefused(tokenC, vmC, "{\"active\":\"yes\"}", "BAD_JSON", "active");
        assertRefused(tokenC, vmC, "{\"active\":1}", "BAD_JSON", "active");
        assertRefused(tokenC, vmC, "{\"lastInputAt\":5}", "BAD_JSON", "lastInputAt");
        assertRefused(tokenC, vmC, "{\"lastInputAt\":\"yesterday\"}", "BAD_JSON", "lastInputAt");
        assertRefused(tokenC, vmC, "{\"lastInputAt\":\"" + future + "\"}", "VALIDATION_FAILED", "lastInputAt");
        assertRefused(tokenC, vmC, "{\"mood\":\"idle\"}", "BAD_JSON", "mood");
        assertRefused(tokenC, vmC, "{\"active\":true}}", "BAD_JSON", "body");
        assertRefused(tokenC, vmC, "[]", "BAD_JSON", "body");
        assertRefused(tokenC, "not-a-uuid", "{}", "VALIDATION_FAILED", "id");
        JsonNode untouched = admin.get("/vms/" + vmC).json();
        assertThat(untouched.path("health").isNull()).as("nothing refused was recorded: " + untouched).isTrue();
        assertThat(untouched.path("lastHeartbeatAt").isNull()).isTrue();

        Api.Reply badId = admin.post("/vms/not-a-uuid/token", "");
        assertThat(badId.status()).isEqualTo(400);
        assertThat(badId.json().path("message").asText()).startsWith("id:");
        assertThat(admin.post("/vms/" + UUID.randomUUID() + "/token", "").status()).isEqualTo(404);
        assertThat(admin.get("/vms/" + UUID.randomUUID() + "/token").status()).isEqualTo(404);
        assertThat(admin.send("DELETE", "/vms/" + UUID.randomUUID() + "/token", null, null).status()).isEqualTo(404);
    }

    private static void assertRefused(String token, String vm, String body, String code, String field) {
        Api.Reply r = beat(token, vm, body);
        assertThat(r.status()).as(body + " -> " + r.body()).isEqualTo(400);
        assertThat(r.json().path("code").asText()).as(r.body()).isEqualTo(code);
        assertThat(r.json().path("message").asText()).as(r.body()).contains(field);
    }

    @Test
    @Order(5)
    void aFloodingHelperIsRateLimitedPerVm() {
        String tokenB = issue(vmB);
        List<Integer> statuses = new ArrayList<>();
        Api.Reply limited = null;
        for (int i = 0; i < 15 && limited == null; i++) {
            Api.Reply r = beat(tokenB, vmB, "{}");
            statuses.add(r.status());
            if (r.status() == 429) {
                limited = r;
            }
        }
        assertThat(limited).as("statuses " + statuses).isNotNull();
        assertThat(limited.json().path("code").asText()).isEqualTo("RATE_LIMITED");
        assertThat(limited.raw().headers().firstValue("Retry-After")).isPresent();
        assertThat(statuses.subList(0, 5)).as("a burst passes first").containsOnly(200);
        String tokenC = issue(vmC);
        assertThat(beat(tokenC, vmC, "").status()).as("another VM has a bucket of its own; an empty body is a "
                + "sign of life too").isEqualTo(200);
        Api.Reply bare = helper(tokenC).send("POST", "/vms/" + vmC + "/heartbeat", null, null);
        assertThat(bare.status()).as("no body, no content type: " + bare.body()).isEqualTo(200);
        assertThat(admin.get("/vms").status()).as("API tokens are not affected").isEqualTo(200);
    }
}
