package io.corral.pvesim;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The simulator's own test hooks, outside the PVE API and without auth:
 * {@code GET /_sim/state} (nodes, guests, tasks) and {@code POST /_sim/reset} (back to the seed),
 * {@code POST /_sim/faults?latencyMs=N} (delay every API answer).
 */
final class SimAdminHandler implements HttpHandler {

    private final PveSimulator simulator;

    SimAdminHandler(PveSimulator simulator) {
        this.simulator = simulator;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        String call = exchange.getRequestMethod() + " " + exchange.getRelativePath();
        switch (call) {
            case "GET /state" -> ResponseWriter.data(exchange, state());
            case "POST /reset" -> {
                simulator.reset();
                simulator.faults().clear();
                ResponseWriter.data(exchange, null);
            }
            case "POST /faults" -> {
                String latency = exchange.getQueryParameters().containsKey("latencyMs")
                        ? exchange.getQueryParameters().get("latencyMs").getFirst() : "0";
                simulator.faults().latency(java.time.Duration.ofMillis(Long.parseLong(latency)));
                ResponseWriter.data(exchange, Map.of("latencyMs", simulator.faults().latency().toMillis()));
            }
            default -> ResponseWriter.error(exchange, new PveException(404, "no such simulator call: " + call));
        }
    }

    private Map<String, Object> state() {
        ClusterState state = simulator.state();
        Instant now = Instant.now();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("nodes", state.nodes().stream().map(node -> NodeResource.listEntry(node, now)).toList());
        view.put("guests", state.guests().stream().map(guest -> GuestView.clusterEntry(guest.snapshot(now))).toList());
        view.put("tasks", state.tasks().stream().map(TaskResource::listEntry).toList());
        return view;
    }
}
