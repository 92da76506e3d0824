package io.corral.agent.heartbeat;

import io.corral.agent.pve.GuestJson;
import io.corral.agent.pve.PveNode;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;
import java.util.List;

/**
 * The body of {@code POST /api/v1/agent/heartbeat}: who this agent is, what it sees, and which
 * commands it is executing. Unreachable Proxmox: {@code pve.reachable=false} with the reason,
 * and no nodes or guests. {@code health} is left out when not measured.
 */
public record Heartbeat(String version, List<String> capabilities, Instant startedAt,
                        int heartbeatSeconds, Inventory inventory, List<String> inFlight,
                        AgentHealth health) {

    public Heartbeat(String version, List<String> capabilities, Instant startedAt, int heartbeatSeconds,
                     Inventory inventory) {
        this(version, capabilities, startedAt, heartbeatSeconds, inventory, List.of(), null);
    }

    public JsonObject toJson() {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("version", version)
                .add("capabilities", Json.createArrayBuilder(capabilities))
                .add("startedAt", startedAt.toString())
                .add("heartbeatSeconds", heartbeatSeconds)
                .add("inFlight", Json.createArrayBuilder(inFlight))
                .add("pve", pveJson());
        if (health != null) {
            json.add("health", health.toJson());
        }
        if (inventory.nodes() != null) {
            JsonArrayBuilder nodes = Json.createArrayBuilder();
            inventory.nodes().forEach(node -> nodes.add(nodeJson(node)));
            json.add("nodes", nodes);
        }
        if (inventory.guests() != null) {
            JsonArrayBuilder guests = Json.createArrayBuilder();
            inventory.guests().forEach(guest -> guests.add(GuestJson.of(guest)));
            json.add("guests", guests);
        }
        return json.build();
    }

    private JsonObjectBuilder pveJson() {
        JsonObjectBuilder pve = Json.createObjectBuilder().add("reachable", inventory.reachable());
        addNullable(pve, "version", inventory.pveVersion());
        addNullable(pve, "error", inventory.error());
        return pve;
    }

    private static JsonObjectBuilder nodeJson(PveNode node) {
        JsonObjectBuilder json = Json.createObjectBuilder().add("name", node.name());
        addNullable(json, "status", node.status());
        return json.add("cpu", node.cpu())
                .add("maxcpu", node.maxcpu())
                .add("mem", node.mem())
                .add("maxmem", node.maxmem())
                .add("uptime", node.uptime());
    }

    private static void addNullable(JsonObjectBuilder json, String key, String value) {
        if (value == null) {
            json.addNull(key);
        } else {
            json.add(key, value);
        }
    }
}
