package io.corral.fleet;

import io.corral.platform.json.Jsons;
import io.corral.platform.error.ValidationProblem;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;

import java.util.List;

/**
 * What a heartbeat must hold beyond its JSON shape (the shape, types and sizes are checked when
 * it is read): node names, guest keys and types, capability names, a sane interval.
 */
final class HeartbeatRules {
    static final int MAX_TYPE_LENGTH = 64;

    private HeartbeatRules() {
    }

    static void check(HeartbeatReport r) {
        if (r == null) {
            throw new ValidationProblem("body", "a heartbeat JSON object is required");
        }
        if (r.heartbeatSeconds() != null && (r.heartbeatSeconds() < 1 || r.heartbeatSeconds() > 3600)) {
            throw new ValidationProblem("heartbeatSeconds", "must be between 1 and 3600");
        }
        List<String> capabilities = r.capabilities() == null ? List.of() : r.capabilities();
        for (int i = 0; i < capabilities.size(); i++) {
            String type = capabilities.get(i);
            if (type == null || type.isBlank() || type.length() > MAX_TYPE_LENGTH) {
                throw new ValidationProblem("capabilities[" + i + "]", "must be a command type name of 1-"
                        + MAX_TYPE_LENGTH + " characters");
            }
        }
        if (r.nodes() != null) {
            for (int i = 0; i < r.nodes().size(); i++) {
                if (r.nodes().get(i) == null || r.nodes().get(i).name() == null || r.nodes().get(i).name().isBlank()) {
                    throw new ValidationProblem("nodes[" + i + "].name", "is required");
                }
            }
        }
        if (r.guests() != null) {
            for (int i = 0; i < r.guests().size(); i++) {
                HeartbeatReport.GuestReport g = r.guests().get(i);
                if (g == null || g.vmid() == null || g.node() == null || g.node().isBlank()) {
                    throw new ValidationProblem("guests[" + i + "]", "vmid and node are required");
                }
                if (!"qemu".equals(g.type()) && !"lxc".equals(g.type())) {
                    throw new ValidationProblem("guests[" + i + "].type", "must be qemu or lxc");
                }
            }
        }
    }

    /** The capabilities as stored: a JSON array, empty (known, none) when the heartbeat names none. */
    static String capabilitiesJson(HeartbeatReport r) {
        JsonArrayBuilder array = Jsons.JSON.createArrayBuilder();
        if (r.capabilities() != null) {
            r.capabilities().forEach(array::add);
        }
        return array.build().toString();
    }

    static String healthJson(HeartbeatReport r) {
        HeartbeatReport.Health h = r.health();
        if (h == null) {
            return null;
        }
        JsonObjectBuilder json = Jsons.JSON.createObjectBuilder();
        add(json, "heapUsedBytes", h.heapUsedBytes());
        add(json, "heapMaxBytes", h.heapMaxBytes());
        add(json, "inFlight", h.inFlight());
        add(json, "workers", h.workers());
        add(json, "outboxPending", h.outboxPending());
        if (h.cloneWaiting() != null) { // agents before the clone gate figures send none
            add(json, "cloneWaiting", h.cloneWaiting());
            add(json, "cloneRunning", h.cloneRunning());
            add(json, "cloneGranted", h.cloneGranted());
            if (h.cloneWaitedSeconds() == null) {
                json.addNull("cloneWaitedSeconds");
            } else {
                json.add("cloneWaitedSeconds", h.cloneWaitedSeconds());
            }
        }
        return json.build().toString();
    }

    private static void add(JsonObjectBuilder json, String name, Number value) {
        if (value == null) {
            json.addNull(name);
        } else {
            json.add(name, value.longValue());
        }
    }
}
