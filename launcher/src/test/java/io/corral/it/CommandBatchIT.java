package io.corral.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.corral.launcher.Stack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The batched endpoints (batch enqueue, batch start, batch results): every item is its own
 * transition with the answer the single call would give, and exactly one final state holds.
 */
@ExtendWith(SharedStack.class)
@Order(5)
class CommandBatchIT {
    private static Stack stack;
    private static Api admin;

    @BeforeAll
    static void connect() {
        stack = SharedStack.get();
        admin = new Api(stack.apiUrl(), stack.apiToken());
    }

    private static String enqueue(EmulatedAgent agent, String type, String payload, String extra) {
        Api.Reply r = admin.post("/commands", item(agent, type, payload, extra));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().path("id").asText();
    }

    private static JsonNode command(String id) {
        return admin.get("/commands/" + id).json();
    }

    private static String item(EmulatedAgent agent, String type, String payload, String extra) {
        return "{\"agent\":\"" + agent.id + "\",\"type\":\"" + type + "\",\"payload\":" + payload
                + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    @Test
    void aBatchEnqueueAnswersEachItemLikeASingleEnqueue() {
        EmulatedAgent agent = EmulatedAgent.register(stack, admin, true);
        String key = "batch-" + UUID.randomUUID();
        Api.Reply held = admin.post("/commands", item(agent, "proxmox.start", "{\"node\":\"pve1\",\"vmid\":140}",
                "\"dedupeKey\":\"" + key + "-held\""));
        assertThat(held.status()).isEqualTo(201);

        Api.Reply r = admin.post("/commands/batch", "{\"commands\":["
                + item(agent, "proxmox.start", "{\"node\":\"pve1\",\"vmid\":141}", "") + ","
                + item(agent, "proxmox.nope", "{}", "") + ","
                + "{\"agent\":\"no-such-agent\",\"type\":\"proxmox.list\",\"payload\":{}}" + ","
                + item(agent, "proxmox.start", "{\"node\":\"pve1\",\"vmid\":142}", "\"dedupeKey\":\"" + key + "\"") + ","
                + item(agent, "proxmox.start", "{\"node\":\"pve1\",\"vmid\":142}", "\"dedupeKey\":\"" + key + "\"") + ","
                + item(agent, "proxmox.start", "{\"node\":\"pve1\",\"vmid\":140}", "\"dedupeKey\":\"" + key + "-held\"") + ","
                + item(agent, "proxmox.start", "{\"node\":\"pve1\",\"vmid\":143}", "\"dedupeKey\":\"" + key + "-held\"") + ","
                + item(agent, "proxmox.start", "{}", "")
                + "]}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode items = r.json().path("items");
        assertThat(items).hasSize(8);
        for (int i = 0; i < 8; i++) {
            assertThat(items.get(i).path("index").asInt()).isEqualTo(i);
        }
        assertThat(items.get(0).path("status").asInt()).isEqualTo(201);
        assertThat(items.get(0).path("command").path("status").asText()).isEqualTo("queued");
        assertThat(items.get(1).path("status").asInt()).isEqualTo(400);
        assertThat(items.get(1).path("error").path("code").asText()).isEqualTo("VALIDATION_FAILED");
        assertThat(items.get(1).path("error").path("message").asText()).startsWith("type");
        assertThat(items.get(2).path("status").asInt()).isEqualTo(404);
        assertThat(items.get(3).path("status").asInt()).isEqualTo(201);
        assertThat(items.get(4).path("status").asInt()).as("an earlier item holds the key").isEqualTo(200);
        assertThat(items.get(4).path("command").path("id").asText())
                .isEqualTo(items.get(3).path("command").path("id").asText());
        assertThat(items.get(5).path("status").asInt()).isEqualTo(200);
        assertThat(items.get(5).path("command").path("id").asText()).isEqualTo(held.json().path("id").asText());
        assertThat(items.get(6).path("status").asInt()).isEqualTo(409);
        assertThat(items.get(6).path("error").path("code").asText()).isEqualTo("DEDUPE_CONFLICT");
        assertThat(items.get(7).path("status").asInt()).isEqualTo(400);
        assertThat(items.get(7).path("error").path("message").asText()).startsWith("payload.");

        String created = items.get(0).path("command").path("id").asText();
        assertThat(admin.get("/commands/" + created + "/events").json().path("items").get(0).path("to").asText())
                .isEqualTo("queued");
        assertThat(agent.next(1, 10)).hasSize(3);

        assertThat(admin.post("/commands/batch", "{\"commands\":[]}").status()).isEqualTo(400);
        assertThat(admin.post("/commands/batch", "{\"commands\":[{\"agent\":1}]}").status()).isEqualTo(400);
        StringBuilder tooMany = new StringBuilder("{\"commands\":[");
        for (int i = 0; i < 501; i++) {
            tooMany.append(i == 0 ? "" : ",").append(item(agent, "proxmox.list", "{\"n\":" + i + "}", ""));
        }
        Api.Reply refused = admin.post("/commands/batch", tooMany.append("]}").toString());
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("message").asText()).contains("commands");
    }

    @Test
    void aStartBatchStartsWhatIsLeasedAndRefusesTheRestByName() {
        EmulatedAgent agent = EmulatedAgent.register(stack, admin, true);
        EmulatedAgent other = EmulatedAgent.register(stack, admin, true);
        String a = enqueue(agent, "proxmox.list", "{\"n\":\"sa\"}", "");
        String b = enqueue(agent, "proxmox.list", "{\"n\":\"sb\"}", "");
        String cancelled = enqueue(agent, "proxmox.list", "{\"n\":\"sc\"}", "");
        String others = enqueue(other, "proxmox.list", "{\"n\":\"sd\"}", "");
        assertThat(agent.next(1, 10)).hasSize(3);
        assertThat(other.next(1, 10)).hasSize(1);
        assertThat(admin.post("/commands/" + cancelled + "/cancel", "").status()).isEqualTo(200);
        assertThat(agent.start(b).status()).isEqualTo(200);
        String unknown = UUID.randomUUID().toString();

        Api.Reply r = agent.api.post("/agent/commands/start", "{\"ids\":[\"" + a + "\",\"" + b + "\",\"" + cancelled
                + "\",\"" + others + "\",\"" + unknown + "\"]}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<String> started = new ArrayList<>();
        r.json().path("started").forEach(n -> started.add(n.asText()));
        assertThat(started).containsExactly(a, b);
        Map<String, String> refused = new HashMap<>();
        r.json().path("refused").forEach(n -> refused.put(n.path("id").asText(), n.path("code").asText()));
        assertThat(refused).containsOnly(Map.entry(cancelled, "INVALID_STATE"), Map.entry(others, "NOT_FOUND"),
                Map.entry(unknown, "NOT_FOUND"));
        assertThat(command(a).path("status").asText()).isEqualTo("running");
        assertThat(command(others).path("status").asText()).isEqualTo("leased");

        assertThat(agent.api.post("/agent/commands/start", "{\"ids\":[]}").status()).isEqualTo(400);
        assertThat(agent.api.post("/agent/commands/start", "{\"ids\":[\"x\"]}").status()).isEqualTo(400);
        assertThat(admin.post("/agent/commands/start", "{\"ids\":[\"" + a + "\"]}").status())
                .as("an API token never reaches the agent API").isEqualTo(403);
    }

    @Test
    void aResultBatchRecordsEachItemOnceAndAnswersWhatTheSingleCallWould() {
        EmulatedAgent agent = EmulatedAgent.register(stack, admin, true);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(enqueue(agent, "proxmox.list", "{\"n\":\"r" + i + "-" + UUID.randomUUID() + "\"}", ""));
        }
        assertThat(agent.next(1, 10)).hasSize(5);
        assertThat(agent.api.post("/agent/commands/start", "{\"ids\":[\"" + ids.get(0) + "\",\"" + ids.get(1) + "\",\""
                + ids.get(2) + "\"]}").status()).isEqualTo(200);
        assertThat(agent.succeed(ids.get(2), "{\"v\":1}").status()).isEqualTo(200);
        String unknown = UUID.randomUUID().toString();

        Api.Reply r = agent.api.post("/agent/commands/results", "{\"results\":["
                + "{\"id\":\"" + ids.get(0) + "\",\"status\":\"succeeded\",\"result\":{\"v\":0}},"
                + "{\"id\":\"" + ids.get(1) + "\",\"status\":\"failed\"},"
                + "{\"id\":\"" + ids.get(2) + "\",\"status\":\"failed\",\"error\":{\"code\":\"X\",\"message\":\"y\"}},"
                + "{\"id\":\"" + ids.get(3) + "\",\"status\":\"failed\",\"error\":{\"code\":\"START_UNCONFIRMED\",\"message\":\"z\"}},"
                + "{\"id\":\"" + ids.get(4) + "\",\"status\":\"succeeded\",\"result\":{\"v\":4},\"later\":1},"
                + "{\"id\":\"" + unknown + "\",\"status\":\"succeeded\"},"
                + "{\"id\":\"" + ids.get(0) + "\",\"status\":\"succeeded\",\"result\":{\"v\":0}}"
                + "]}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode items = r.json().path("items");
        assertThat(items).hasSize(7);
        assertThat(items.get(0).path("status").asInt()).isEqualTo(200);
        assertThat(items.get(1).path("status").asInt()).isEqualTo(400);
        assertThat(items.get(1).path("code").asText()).isEqualTo("VALIDATION_FAILED");
        assertThat(items.get(2).path("status").asInt()).isEqualTo(409);
        assertThat(items.get(2).path("code").asText()).isEqualTo("RESULT_CONFLICT");
        assertThat(items.get(3).path("status").asInt()).as("an unconfirmed start never closes a leased command")
                .isEqualTo(409);
        assertThat(items.get(4).path("status").asInt()).as("unknown fields are ignored on the agent API").isEqualTo(200);
        assertThat(items.get(5).path("status").asInt()).isEqualTo(404);
        assertThat(items.get(6).path("status").asInt()).as("the same result again").isEqualTo(200);

        assertThat(command(ids.get(0)).path("result").path("v").asInt()).isEqualTo(0);
        assertThat(command(ids.get(1)).path("status").asText()).isEqualTo("running");
        assertThat(command(ids.get(2)).path("status").asText()).isEqualTo("succeeded");
        assertThat(command(ids.get(3)).path("status").asText()).isEqualTo("leased");
        JsonNode fourth = command(ids.get(4));
        assertThat(fourth.path("status").asText()).isEqualTo("succeeded");
        List<String> trail = new ArrayList<>();
        admin.get("/commands/" + ids.get(4) + "/events").json().path("items")
                .forEach(e -> trail.add(e.path("from").asText() + ">" + e.path("to").asText()));
        assertThat(trail).as("a leased command's result implies its start, once, before the final state")
                .containsExactly("null>queued", "queued>leased", "leased>running", "running>succeeded");
        List<String> finals = new ArrayList<>();
        admin.get("/commands/" + ids.get(0) + "/events").json().path("items").forEach(e -> {
            if (e.path("to").asText().equals("succeeded")) {
                finals.add(e.path("to").asText());
            }
        });
        assertThat(finals).as("exactly one final transition").hasSize(1);
        assertThat(agent.api.post("/agent/commands/results", "{\"results\":[{\"status\":\"succeeded\"}]}").status())
                .isEqualTo(400);
    }
}
