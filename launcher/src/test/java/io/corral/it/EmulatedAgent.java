package io.corral.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.corral.launcher.Stack;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** An agent played by the test over real HTTP: registers, heartbeats, polls, acks, reports. */
final class EmulatedAgent {
    static final String CAPABILITIES = "[\"proxmox.status\",\"proxmox.list\",\"targets.list\",\"proxmox.start\"]";
    final String id;
    final String name;
    /** The agent's bearer token, for tests that speak HTTP by hand. */
    final String token;
    final Api api;
    private final OffsetDateTime startedAt = OffsetDateTime.now();

    private EmulatedAgent(String id, String name, String token, Api api) {
        this.id = id;
        this.name = name;
        this.token = token;
        this.api = api;
    }

    static EmulatedAgent register(Stack stack, Api admin, boolean heartbeat) {
        return register(stack, admin, heartbeat, 600);
    }

    static EmulatedAgent register(Stack stack, Api admin, boolean heartbeat, int ttlSeconds) {
        String name = "emu-" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode created = admin.post("/agents", "{\"name\":\"" + name + "\",\"ttlSeconds\":" + ttlSeconds + "}")
                .json();
        String token = created.path("token").asText();
        EmulatedAgent agent = new EmulatedAgent(created.path("id").asText(), name, token,
                new Api(stack.apiUrl(), token));
        if (heartbeat) {
            agent.heartbeat();
        }
        return agent;
    }

    JsonNode heartbeat() {
        Api.Reply r = api.post("/agent/heartbeat", "{\"version\":\"emulated\",\"capabilities\":" + CAPABILITIES
                + ",\"startedAt\":\"" + startedAt + "\",\"inFlight\":[]}");
        if (r.status() != 200) {
            throw new AssertionError("heartbeat " + r.status() + " " + r.body());
        }
        return r.json();
    }

    /** A heartbeat of the agent's run that started at {@code startedAt} (its own clock), executing {@code inFlight}. */
    JsonNode heartbeat(OffsetDateTime runStartedAt, List<String> inFlight) {
        StringBuilder ids = new StringBuilder();
        inFlight.forEach(id -> ids.append(ids.isEmpty() ? "" : ",").append('"').append(id).append('"'));
        Api.Reply r = api.post("/agent/heartbeat", "{\"version\":\"emulated\",\"capabilities\":" + CAPABILITIES
                + ",\"startedAt\":\"" + runStartedAt + "\",\"inFlight\":[" + ids + "]}");
        if (r.status() != 200) {
            throw new AssertionError("heartbeat " + r.status() + " " + r.body());
        }
        return r.json();
    }

    /**
     * A heartbeat listing one node {@code pve1} and these guests, each {@code vmid → status} (qemu, named
     * {@code <prefix>-<vmid>}).
     */
    JsonNode heartbeat(String prefix, java.util.Map<Integer, String> guests) {
        StringBuilder list = new StringBuilder();
        guests.forEach((vmid, status) -> list.append(list.isEmpty() ? "" : ",").append("{\"node\":\"pve1\",\"vmid\":")
                .append(vmid).append(",\"type\":\"qemu\",\"name\":\"").append(prefix).append('-').append(vmid)
                .append("\",\"status\":\"").append(status).append("\",\"template\":false,\"cpu\":0.01,"
                        + "\"mem\":268435456,\"maxmem\":1073741824}"));
        Api.Reply r = api.post("/agent/heartbeat", "{\"version\":\"emulated\",\"capabilities\":" + CAPABILITIES
                + ",\"startedAt\":\"" + startedAt + "\",\"inFlight\":[],\"nodes\":[{\"name\":\"pve1\","
                + "\"status\":\"online\",\"cpu\":0.1,\"maxcpu\":8,\"mem\":1073741824,\"maxmem\":8589934592}],"
                + "\"guests\":[" + list + "]}");
        if (r.status() != 200) {
            throw new AssertionError("heartbeat " + r.status() + " " + r.body());
        }
        return r.json();
    }

    /** One long-poll; empty list on 204. */
    List<JsonNode> next(int waitSeconds, int max) {
        Api.Reply r = api.get("/agent/commands/next?wait=" + waitSeconds + "&max=" + max);
        if (r.status() == 204) {
            return List.of();
        }
        if (r.status() != 200) {
            throw new AssertionError("next " + r.status() + " " + r.body());
        }
        List<JsonNode> out = new ArrayList<>();
        r.json().path("commands").forEach(out::add);
        return out;
    }

    Api.Reply start(String commandId) {
        return api.post("/agent/commands/" + commandId + "/start", "{}");
    }

    Api.Reply progress(String commandId, String message) {
        return api.post("/agent/commands/" + commandId + "/progress", "{\"message\":\"" + message + "\"}");
    }

    Api.Reply succeed(String commandId, String resultJson) {
        return api.post("/agent/commands/" + commandId + "/result",
                "{\"status\":\"succeeded\",\"result\":" + resultJson + "}");
    }
}
