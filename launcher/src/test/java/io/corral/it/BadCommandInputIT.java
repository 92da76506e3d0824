package io.corral.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.corral.launcher.Stack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input to the command API: 4xx JSON that names the problem, and nothing queued. */
@ExtendWith(SharedStack.class)
@Order(6)
class BadCommandInputIT {
    private static Stack stack;
    private static Api admin;
    private static EmulatedAgent agent;

    @BeforeAll
    static void connect() {
        stack = SharedStack.get();
        admin = new Api(stack.apiUrl(), stack.apiToken());
        agent = EmulatedAgent.register(stack, admin, true);
    }

    private static JsonNode refused(Api.Reply r, int status, String code, String mentions) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/json");
        JsonNode body = r.json();
        assertThat(body.path("code").asText()).isEqualTo(code);
        assertThat(body.path("message").asText()).containsIgnoringCase(mentions);
        return body;
    }

    private static Api.Reply post(String body) {
        return admin.post("/commands", body);
    }

    @Test
    void malformedUnknownAndMistypedBodies() {
        refused(post("{\"agent\":"), 400, "BAD_JSON", "json");
        refused(post("{\"agent\":\"" + agent.id + "\",\"type\":\"proxmox.list\",\"colour\":1}"), 400, "BAD_JSON",
                "colour");
        refused(post("{\"agent\":\"" + agent.id + "\",\"type\":\"proxmox.list\",\"priority\":\"high\"}"), 400,
                "BAD_JSON", "");
        refused(post("[1,2]"), 400, "BAD_JSON", "");
        refused(admin.send("POST", "/commands", "text/plain", "x"), 415, "UNSUPPORTED_MEDIA_TYPE", "json");
    }

    @Test
    void rulesNameTheField() {
        String a = "\"agent\":\"" + agent.id + "\"";
        refused(post("{" + a + "}"), 400, "VALIDATION_FAILED", "type");
        refused(post("{" + a + ",\"type\":\"proxmox.teleport\"}"), 400, "VALIDATION_FAILED", "type");
        refused(post("{" + a + ",\"type\":\"proxmox.status\",\"payload\":{\"node\":\"pve1\"}}"), 400,
                "VALIDATION_FAILED", "payload.vmid");
        refused(post("{" + a + ",\"type\":\"proxmox.status\",\"payload\":{\"node\":\"pve1\",\"vmid\":\"x\"}}"), 400,
                "VALIDATION_FAILED", "payload.vmid");
        refused(post("{" + a + ",\"type\":\"proxmox.list\",\"priority\":12}"), 400, "VALIDATION_FAILED", "priority");
        refused(post("{" + a + ",\"type\":\"proxmox.list\",\"expiresIn\":0}"), 400, "VALIDATION_FAILED", "expiresIn");
        refused(post("{" + a + ",\"type\":\"proxmox.list\",\"expiresIn\":900000}"), 400, "VALIDATION_FAILED",
                "expiresIn");
        refused(post("{" + a + ",\"type\":\"proxmox.list\",\"expiresIn\":60,\"expiresAt\":\"2030-01-01T00:00:00Z\"}"),
                400, "VALIDATION_FAILED", "expiresIn");
        Api.Reply both = admin.raw("POST", "/commands", "{" + a + ",\"type\":\"proxmox.list\",\"dedupeKey\":\"a\"}",
                "Idempotency-Key", "b");
        refused(both, 400, "VALIDATION_FAILED", "dedupeKey");
    }

    @Test
    void unknownAgentsTypesTheAgentLacksAndBadIds() {
        refused(post("{\"agent\":\"6f1c8a34-6c4e-4a65-9c39-0e7f7a6d3a11\",\"type\":\"proxmox.list\"}"), 404,
                "NOT_FOUND", "agent");
        refused(post("{\"agent\":\"" + agent.id + "\",\"type\":\"ssh.exec\",\"payload\":{\"target\":\"t\","
                + "\"command\":\"uptime\"}}"), 409, "UNSUPPORTED_BY_AGENT", "ssh.exec");
        refused(admin.get("/commands/not-a-uuid"), 400, "VALIDATION_FAILED", "id");
        refused(admin.get("/commands/6f1c8a34-6c4e-4a65-9c39-0e7f7a6d3a11"), 404, "NOT_FOUND", "command");
        refused(admin.get("/commands?status=sleeping"), 400, "VALIDATION_FAILED", "status");
        refused(admin.get("/commands?limit=0"), 400, "VALIDATION_FAILED", "limit");
        refused(admin.get("/commands?cursor=zzz"), 400, "VALIDATION_FAILED", "cursor");
        refused(agent.api.get("/agent/commands/next?wait=61"), 400, "VALIDATION_FAILED", "wait");
        refused(agent.api.get("/agent/commands/next?max=0"), 400, "VALIDATION_FAILED", "max");
        refused(agent.api.post("/agent/commands/nope/start", "{}"), 400, "VALIDATION_FAILED", "id");
        refused(agent.api.post("/agent/commands/6f1c8a34-6c4e-4a65-9c39-0e7f7a6d3a11/result",
                "{\"status\":\"succeeded\"}"), 404, "NOT_FOUND", "command");
        refused(agent.api.post("/agent/commands/6f1c8a34-6c4e-4a65-9c39-0e7f7a6d3a11/result",
                "{\"status\":\"done\"}"), 400, "VALIDATION_FAILED", "status");
    }

    @Test
    void configSetKeysOutsideTheAllowListAreRefusedAndNothingIsQueued() {
        // The stack's own agent runs proxmox.config.set (the emulated one does not advertise it).
        String a = "\"agent\":\"" + stack.agentId() + "\",\"type\":\"proxmox.config.set\"";
        for (String key : new String[] {"args", "hookscript", "hostpci0", "usb0", "serial1", "scsi1", "virtio2"}) {
            refused(post("{" + a + ",\"payload\":{\"node\":\"pve1\",\"vmid\":4242,\"config\":{\"memory\":2048,\""
                    + key + "\":\"x\"}}}"), 400, "KEY_NOT_ALLOWED", "payload.config." + key);
        }
        refused(post("{" + a + ",\"payload\":{\"node\":\"pve1\",\"vmid\":4242,\"config\":{\"memory\":2048},"
                + "\"delete\":[\"hookscript\"]}}"), 400, "KEY_NOT_ALLOWED", "hookscript");
        assertThat(admin.get("/commands?agent=" + stack.agentId() + "&type=proxmox.config.set").json().path("items").toString())
                .doesNotContain("4242");

        Api.Reply allowed = post("{" + a + ",\"payload\":{\"node\":\"pve1\",\"vmid\":4243,\"config\":{\"name\":\"web-9\","
                + "\"memory\":2048,\"net0\":\"virtio,bridge=vmbr0\",\"tags\":\"corral\"},\"delete\":\"description\"}}");
        assertThat(allowed.status()).as(allowed.body()).isIn(200, 201, 202);
    }

    @Test
    void oversizedBodiesAre413() {
        String big = "{\"agent\":\"" + agent.id + "\",\"type\":\"proxmox.list\",\"payload\":{\"blob\":\""
                + "x".repeat(1_100_000) + "\"}}";
        refused(post(big), 413, "PAYLOAD_TOO_LARGE", "limit");
        assertThat(admin.get("/commands?agent=" + agent.id).json().path("items").toString()).doesNotContain("blob");
    }

    @Test
    void theUserApiIsRateLimitedPerTokenButAgentsNever() {
        JsonNode slow = admin.post("/tokens", "{\"name\":\"slow\",\"role\":\"viewer\",\"ratePerSecond\":2}").json();
        Api limited = new Api(stack.apiUrl(), slow.path("token").asText());
        Api.Reply last = null;
        int limitedCount = 0;
        for (int i = 0; i < 30; i++) {
            last = limited.get("/agents");
            if (last.status() == 429) {
                limitedCount++;
                assertThat(last.raw().headers().firstValue("Retry-After")).isPresent();
                assertThat(last.json().path("code").asText()).isEqualTo("RATE_LIMITED");
            }
        }
        assertThat(limitedCount).isGreaterThan(0);
        for (int i = 0; i < 100; i++) {
            assertThat(agent.api.get("/agent/commands/next?wait=0").status()).isIn(200, 204);
        }
        assertThat(agent.heartbeat().path("status").asText()).isEqualTo("online");
    }
}
