package io.corral.pvesim;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The simulator's own test hooks, outside the PVE API and without auth:
 * {@code GET /_sim/state} (nodes, guests, tasks), {@code POST /_sim/reset} (back to the seed, faults
 * cleared), {@code GET|POST|DELETE /_sim/faults} (see {@link #arm}).
 */
final class SimAdminHandler implements HttpHandler {

    private final PveSimulator simulator;

    SimAdminHandler(PveSimulator simulator) {
        this.simulator = simulator;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        String call = exchange.getRequestMethod() + " " + exchange.getRelativePath();
        try {
            switch (call) {
                case "GET /state" -> ResponseWriter.data(exchange, state());
                case "POST /reset" -> {
                    simulator.reset();
                    simulator.faults().clear();
                    ResponseWriter.data(exchange, null);
                }
                case "GET /faults" -> ResponseWriter.data(exchange, simulator.faults().describe());
                case "POST /faults" -> {
                    arm(RequestParams.form(exchange.getQueryString()));
                    ResponseWriter.data(exchange, simulator.faults().describe());
                }
                case "DELETE /faults" -> {
                    simulator.faults().clear();
                    ResponseWriter.data(exchange, simulator.faults().describe());
                }
                default -> ResponseWriter.error(exchange, new PveException(404, "no such simulator call: " + call));
            }
        } catch (IllegalArgumentException e) {
            ResponseWriter.error(exchange, new PveException(400, "bad fault: " + e.getMessage()));
        }
    }

    /**
     * {@code latencyMs=N}, {@code failNext=TYPE:N:MESSAGE}, {@code warnNext=TYPE[:N]},
     * {@code http5xx=N[:STATUS]} (503 by default), {@code drop=N}. Parameters not given leave their fault as is.
     */
    private void arm(Map<String, String> params) {
        Faults faults = simulator.faults();
        if (params.containsKey("latencyMs")) {
            faults.latency(Duration.ofMillis(Long.parseLong(params.get("latencyMs"))));
        }
        if (params.containsKey("failNext")) {
            String[] parts = params.get("failNext").split(":", 3);
            if (parts.length < 3 || parts[2].isBlank()) {
                throw new IllegalArgumentException("failNext wants TYPE:N:MESSAGE");
            }
            faults.failNext(parts[0], Integer.parseInt(parts[1]), parts[2]);
        }
        if (params.containsKey("warnNext")) {
            String[] parts = params.get("warnNext").split(":", 2);
            faults.warnNext(parts[0], parts.length > 1 ? Integer.parseInt(parts[1]) : 1);
        }
        if (params.containsKey("http5xx")) {
            String[] parts = params.get("http5xx").split(":", 2);
            faults.http5xx(Integer.parseInt(parts[0]), parts.length > 1 ? Integer.parseInt(parts[1]) : 503);
        }
        if (params.containsKey("drop")) {
            faults.dropConnections(Integer.parseInt(params.get("drop")));
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
