package io.corral.agent.executor.proxmox;

import io.corral.agent.executor.CommandContext;
import io.corral.agent.executor.CommandExecutor;
import io.corral.agent.executor.CommandFailure;
import io.corral.agent.executor.Payload;
import io.corral.agent.pve.PveClient;
import io.corral.agent.pve.PveException;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * {@code proxmox.metrics} {@code {"node"?,"includeTemplates"?}}: the current figures of every guest
 * (of one node, or of the cluster) in one {@code GET /cluster/resources?type=vm}: the same figures
 * {@code status/current} reports, for all guests at once. Templates are left out unless asked for.
 * Result: {@code {"collectedAt","node","guests":[{"node","vmid","type","name","status","cpu","maxcpu",
 * "mem","maxmem","disk","maxdisk","netin","netout","diskread","diskwrite","uptime"}]}}: figures
 * Proxmox does not report for a guest are left out rather than reported as 0.
 */
public final class ProxmoxMetricsExecutor implements CommandExecutor {

    public static final String TYPE = "proxmox.metrics";

    private static final List<String> INTEGRAL = List.of("maxcpu", "mem", "maxmem", "disk", "maxdisk", "netin",
            "netout", "diskread", "diskwrite", "uptime");

    private final PveClient pve;

    public ProxmoxMetricsExecutor(PveClient pve) {
        this.pve = pve;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public JsonObject execute(CommandContext context) throws CommandFailure {
        Payload payload = new Payload(context.payload());
        Optional<String> node = payload.optionalNode("node");
        boolean templates = payload.optionalBoolean("includeTemplates").orElse(false);
        JsonValue data;
        try {
            data = pve.get("/cluster/resources?type=vm");
        } catch (PveException e) {
            throw CommandFailure.of(e);
        }
        if (!(data instanceof JsonArray resources)) {
            throw new CommandFailure(CommandFailure.PVE_ERROR, "Proxmox: unexpected answer to /cluster/resources");
        }
        JsonArrayBuilder guests = Json.createArrayBuilder();
        resources.getValuesAs(JsonObject.class).stream()
                .filter(r -> "qemu".equals(text(r, "type")) || "lxc".equals(text(r, "type")))
                .filter(r -> node.map(n -> n.equals(text(r, "node"))).orElse(true))
                .filter(r -> templates || !truthy(r.get("template")))
                .sorted(Comparator.comparingLong(r -> number(r, "vmid").orElse(0.0).longValue()))
                .forEach(r -> guests.add(figures(r)));
        JsonObjectBuilder result = Json.createObjectBuilder().add("collectedAt", Instant.now().toString());
        if (node.isPresent()) {
            result.add("node", node.get());
        } else {
            result.addNull("node");
        }
        return result.add("guests", guests).build();
    }

    private static JsonObjectBuilder figures(JsonObject r) {
        JsonObjectBuilder json = Json.createObjectBuilder();
        putText(json, "node", text(r, "node"));
        json.add("vmid", number(r, "vmid").orElse(0.0).longValue());
        putText(json, "type", text(r, "type"));
        putText(json, "name", text(r, "name"));
        putText(json, "status", text(r, "status"));
        if (truthy(r.get("template"))) {
            json.add("template", true);
        }
        number(r, "cpu").ifPresent(cpu -> json.add("cpu", cpu));
        for (String key : INTEGRAL) {
            number(r, key).ifPresent(v -> json.add(key, Math.round(v)));
        }
        String lock = text(r, "lock");
        if (lock != null && !lock.isEmpty()) {
            json.add("lock", lock);
        }
        return json;
    }

    private static void putText(JsonObjectBuilder json, String key, String value) {
        if (value == null) {
            json.addNull(key);
        } else {
            json.add(key, value);
        }
    }

    private static String text(JsonObject r, String key) {
        JsonValue value = r.get(key);
        if (value instanceof JsonString s) {
            return s.getString();
        }
        return value == null || value == JsonValue.NULL ? null : value.toString();
    }

    // Proxmox is Perl: numbers sometimes come as strings.
    private static Optional<Double> number(JsonObject r, String key) {
        JsonValue value = r.get(key);
        if (value instanceof JsonNumber n) {
            return Optional.of(n.doubleValue());
        }
        if (value instanceof JsonString s) {
            try {
                return Optional.of(Double.parseDouble(s.getString().trim()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static boolean truthy(JsonValue value) {
        if (value == JsonValue.TRUE) {
            return true;
        }
        if (value instanceof JsonNumber n) {
            return n.doubleValue() != 0;
        }
        return value instanceof JsonString s && (s.getString().equals("1") || s.getString().equalsIgnoreCase("true"));
    }
}
