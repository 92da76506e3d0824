package io.corral.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.corral.launcher.Stack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Guests of a test's own, made by a clone run and destroyed through the command bus, and their fleet events. */
final class Guests {
    private static final Set<String> FINAL = Set.of("succeeded", "failed", "cancelled");

    private Guests() {
    }

    /** Starts a clone run of {@code count} guests from a template on pve1; {@code extra} is more JSON fields. */
    static String startRun(Stack stack, Api admin, int template, int count, String pattern, String extra) {
        Api.Reply r = admin.post("/clone-runs", "{\"agent\":\"" + stack.agentId() + "\",\"node\":\"pve1\",\"vmid\":"
                + template + ",\"count\":" + count + ",\"namePattern\":\"" + pattern + "\"" + extra + "}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().path("id").asText();
    }

    static JsonNode finished(Api admin, String runId) {
        JsonNode run = Await.until("clone run " + runId + " final", Duration.ofSeconds(120),
                () -> admin.get("/clone-runs/" + runId).json(), r -> FINAL.contains(r.path("status").asText()));
        assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("succeeded");
        return run;
    }

    /** Once the agent reports them: name → VM id of every guest named in {@code names}. */
    static Map<String, String> listed(Stack stack, Api admin, List<String> names) {
        return Await.until("guests " + names + " in the inventory", Duration.ofSeconds(30), () -> {
            Map<String, String> ids = new LinkedHashMap<>();
            for (JsonNode v : admin.get("/vms?agent=" + stack.agentId()).json().path("items")) {
                if (names.contains(v.path("name").asText())) {
                    ids.put(v.path("name").asText(), v.path("id").asText());
                }
            }
            return ids;
        }, ids -> ids.size() == names.size());
    }

    /** Makes {@code count} guests named {@code prefix-1…} and answers their ids in that order. */
    static List<String> make(Stack stack, Api admin, String prefix, int count) {
        finished(admin, startRun(stack, admin, 9000, count, prefix + "-{n}", ""));
        List<String> names = new ArrayList<>();
        for (int n = 1; n <= count; n++) {
            names.add(prefix + "-" + n);
        }
        Map<String, String> ids = listed(stack, admin, names);
        return names.stream().map(ids::get).toList();
    }

    /** The fleet events of a guest of one kind, oldest first, as {@code from>to reason} ({@code -} for none). */
    static List<String> events(Api api, String vmId, String kind) {
        List<String> out = new ArrayList<>();
        api.get("/fleet/events?subject=" + vmId + "&kind=" + kind).json().path("items").forEach(e -> out.add(
                (e.path("from").isNull() ? "-" : e.path("from").asText()) + ">"
                        + (e.path("to").isNull() ? "-" : e.path("to").asText()) + " " + e.path("reason").asText()));
        return out;
    }

    /** Destroys a guest through the command bus, as an operator would, and waits until the inventory drops it. */
    static void destroy(Stack stack, Api admin, String vmId) {
        int vmid = admin.get("/vms/" + vmId).json().path("vmid").asInt();
        Api.Reply r = admin.post("/commands", "{\"agent\":\"" + stack.agentId() + "\",\"type\":\"proxmox.destroy\","
                + "\"payload\":{\"node\":\"pve1\",\"vmid\":" + vmid + "}}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        Await.until("guest " + vmId + " gone from the inventory", Duration.ofSeconds(60),
                () -> admin.get("/vms/" + vmId).status(), status -> status == 404);
    }
}
