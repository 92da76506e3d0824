package io.corral.console;

import io.corral.platform.json.Jsons;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.faces.push.Push;
import jakarta.faces.push.PushContext;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * This instance's picture of the fleet for the dashboard: agents, nodes, guests, counters, recent changes,
 * numbered by {@code seq}. Built from the database at start ({@link #rebuild}) and kept current by
 * {@link DashboardFeed}; every change goes out on the {@code fleet} push channel as a delta carrying the next
 * {@code seq}. A browser loads {@link #snapshot()} first and applies deltas in order; one that sees a gap
 * (a lost message, a reconnect) loads the snapshot again. Instances keep their own {@code seq}.
 */
@ApplicationScoped
public class FleetDashboard {
    static final int RECENT_EVENTS = 20;

    @Inject
    DashboardQueries queries;


    @Inject
    @Push(channel = "fleet")
    PushContext fleet;

    private Map<String, JsonObject> agents = new HashMap<>();
    private Map<String, JsonObject> nodes = new HashMap<>();
    private final Map<String, JsonObject> vms = new HashMap<>();
    private JsonObject stats = JsonObject.EMPTY_JSON_OBJECT;
    private final Deque<JsonObject> recent = new ArrayDeque<>();
    private long seq;
    private long lastSentMillis;

    /** Reads everything again (at start, and when the feed fell too far behind to catch up by events). */
    public synchronized void rebuild() {
        agents = queries.agents();
        nodes = queries.nodes();
        vms.clear();
        vms.putAll(queries.vms());
        stats = queries.stats();
        seq++;
        Delta all = new Delta();
        all.reload = true;
        push(all);
    }

    /** The whole picture as JSON with the {@code seq} of the last delta it includes. */
    public synchronized String snapshot() {
        JsonArrayBuilder events = Jsons.JSON.createArrayBuilder();
        recent.forEach(events::add);
        return Jsons.JSON.createObjectBuilder()
                .add("type", "snapshot")
                .add("seq", seq)
                .add("sent", System.currentTimeMillis())
                .add("agents", array(agents.values()))
                .add("nodes", array(nodes.values()))
                .add("vms", array(vms.values()))
                .add("stats", stats)
                .add("events", events)
                .build().toString();
    }

    public synchronized int vmCount() {
        return vms.size();
    }

    /** One batch of changes found by a feed tick; pushed as one delta if anything in it differs. */
    static final class Delta {
        final List<JsonObject> vmUpserts = new ArrayList<>();
        final List<String> vmRemovals = new ArrayList<>();
        final List<JsonObject> events = new ArrayList<>();
        Map<String, JsonObject> agents;
        Map<String, JsonObject> nodes;
        JsonObject stats;
        long originMillis;
        boolean reload;
    }

    /** Applies what the feed read: guests reloaded by id (absent ones are gone), and optionally agents, nodes, stats. */
    synchronized void apply(Collection<UUID> vmIds, Map<String, JsonObject> vmRows, List<JsonObject> events,
                            long originMillis, Map<String, JsonObject> agentRows, Map<String, JsonObject> nodeRows,
                            JsonObject newStats) {
        Delta d = new Delta();
        d.originMillis = originMillis;
        for (UUID id : vmIds) {
            String key = id.toString();
            JsonObject row = vmRows.get(key);
            JsonObject before = row == null ? vms.remove(key) : vms.put(key, row);
            if (row == null && before != null) {
                d.vmRemovals.add(key);
            } else if (row != null && !row.equals(before)) {
                d.vmUpserts.add(row);
            }
        }
        for (JsonObject e : events) {
            recent.addFirst(e);
            while (recent.size() > RECENT_EVENTS) {
                recent.removeLast();
            }
            d.events.add(e);
        }
        if (agentRows != null && !agentRows.equals(agents)) {
            d.agents = agentRows;
            agents = agentRows;
        }
        if (nodeRows != null && !nodeRows.equals(nodes)) {
            d.nodes = nodeRows;
            nodes = nodeRows;
        }
        if (newStats != null && !newStats.equals(stats)) {
            d.stats = newStats;
            stats = newStats;
        }
        if (d.vmUpserts.isEmpty() && d.vmRemovals.isEmpty() && d.events.isEmpty() && d.agents == null
                && d.nodes == null && d.stats == null) {
            return;
        }
        seq++;
        push(d);
    }

    /** Every few seconds without a delta: the current {@code seq}, so a client that missed the last one notices. */
    synchronized void tickIfQuiet(long quietMillis) {
        if (System.currentTimeMillis() - lastSentMillis >= quietMillis) {
            send(Jsons.JSON.createObjectBuilder().add("type", "tick").add("seq", seq)
                    .add("sent", System.currentTimeMillis()).build());
        }
    }

    synchronized long seq() {
        return seq;
    }

    private void push(Delta d) {
        JsonObjectBuilder m = Jsons.JSON.createObjectBuilder()
                .add("type", d.reload ? "reload" : "delta")
                .add("seq", seq)
                .add("sent", System.currentTimeMillis());
        if (d.originMillis > 0) {
            m.add("origin", d.originMillis);
        }
        if (!d.vmUpserts.isEmpty()) {
            m.add("vms", array(d.vmUpserts));
        }
        if (!d.vmRemovals.isEmpty()) {
            JsonArrayBuilder removed = Jsons.JSON.createArrayBuilder();
            d.vmRemovals.forEach(removed::add);
            m.add("vmsRemoved", removed);
        }
        if (d.agents != null) {
            m.add("agents", array(d.agents.values()));
        }
        if (d.nodes != null) {
            m.add("nodes", array(d.nodes.values()));
        }
        if (d.stats != null) {
            m.add("stats", d.stats);
        }
        if (!d.events.isEmpty()) {
            m.add("events", array(d.events));
        }
        send(m.build());
    }

    private void send(JsonObject message) {
        lastSentMillis = System.currentTimeMillis();
        fleet.send(message.toString());
    }

    private static JsonArrayBuilder array(Collection<JsonObject> rows) {
        JsonArrayBuilder a = Jsons.JSON.createArrayBuilder();
        rows.forEach(a::add);
        return a;
    }
}
