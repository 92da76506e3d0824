package io.corral.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.concurrent.CompletableFuture;

/**
 * One emulated agent: its own token, heartbeats, and worker loops that long-poll for commands
 * and acknowledge each one with start and a succeeded result, like the real agent's workers
 * (minus the Proxmox work, so the control plane is what is measured).
 */
final class BenchAgent {

    static final String[] CAPABILITIES = {"proxmox.status", "proxmox.list", "targets.list"};
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    final String id;
    final String token;
    private final AgentFleet fleet;
    private final Api api;
    private final String startedAt = OffsetDateTime.now().toString();

    BenchAgent(String id, String token, AgentFleet fleet, Api api) {
        this.id = id;
        this.token = token;
        this.fleet = fleet;
        this.api = api;
    }

    CompletableFuture<Api.Reply> heartbeat() {
        ObjectNode body = Api.object().put("version", "bench").put("startedAt", startedAt);
        body.putArray("capabilities").addAll(java.util.Arrays.stream(CAPABILITIES).map(Api.JSON.getNodeFactory()::textNode).toList());
        body.putArray("inFlight");
        return api.send("POST", "/api/v1/agent/heartbeat", token, body, CALL_TIMEOUT);
    }

    /** One worker loop; runs until the fleet stops, then counts itself out. */
    void work(int waitSeconds, int max) {
        if (fleet.stopping()) {
            fleet.workerExited();
            return;
        }
        api.send("GET", "/api/v1/agent/commands/next?wait=" + waitSeconds + "&max=" + max, token, null,
                        Duration.ofSeconds(waitSeconds + 15))
                .whenComplete((reply, failure) -> {
                    try {
                        if (failure != null || (reply.status() != 200 && reply.status() != 204)) {
                            fleet.error("poll", reply, failure);
                            fleet.later(() -> work(waitSeconds, max), 200);
                        } else if (reply.status() == 204) {
                            work(waitSeconds, max);
                        } else {
                            JsonNode commands = reply.json().path("commands");
                            fleet.delivered(commands, reply.receivedNanos());
                            execute(commands, 0).whenComplete((x, e) -> work(waitSeconds, max));
                        }
                    } catch (RuntimeException e) {
                        fleet.error("poll", null, e);
                        fleet.later(() -> work(waitSeconds, max), 200);
                    }
                });
    }

    private CompletableFuture<Void> execute(JsonNode commands, int i) {
        if (i >= commands.size()) {
            return CompletableFuture.completedFuture(null);
        }
        JsonNode command = commands.get(i);
        String path = "/api/v1/agent/commands/" + command.path("id").asText();
        ObjectNode result = Api.object().put("status", "succeeded");
        result.putObject("result").set("echo", command.path("payload"));
        long t0 = System.nanoTime();
        return api.send("POST", path + "/start", token, Api.object(), CALL_TIMEOUT)
                .thenCompose(started -> {
                    long t1 = System.nanoTime();
                    fleet.startAnswered(started, t1 - t0);
                    return api.send("POST", path + "/result", token, result, CALL_TIMEOUT)
                            .thenAccept(done -> fleet.resultAnswered(done, System.nanoTime() - t1));
                })
                .exceptionally(e -> {
                    fleet.error("start/result", null, e);
                    return null;
                })
                .thenCompose(x -> execute(commands, i + 1));
    }
}
