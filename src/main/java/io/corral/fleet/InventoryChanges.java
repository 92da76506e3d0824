package io.corral.fleet;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What one inventory report changed about an agent's guests, as fleet events: a guest that appeared
 * ({@code inventory}: {@code null → present}), one whose Proxmox status moved ({@code status}, e.g.
 * {@code running → stopped}), and one no longer listed ({@code inventory}: {@code present → gone}).
 */
public final class InventoryChanges {
    static final String ACTOR = "heartbeat";

    /** A guest as the database had it before the report. */
    public record Known(UUID id, int vmid, String name, String status) {
    }

    /** A guest as the report lists it, with the id its row has (or gets, when new). */
    public record Reported(UUID id, int vmid, String name, String status) {
    }

    private InventoryChanges() {
    }

    public static List<FleetEvent> between(UUID agentId, List<Known> before, List<Reported> now, OffsetDateTime at) {
        Map<Integer, Known> known = new HashMap<>(before.size() * 2);
        for (Known k : before) {
            known.put(k.vmid(), k);
        }
        List<FleetEvent> events = new ArrayList<>();
        for (Reported r : now) {
            Known k = known.remove(r.vmid());
            if (k == null) {
                events.add(FleetEvent.vm(at, r.id(), r.name(), agentId, "inventory", null, "present",
                        "Proxmox lists VMID " + r.vmid() + " (" + r.status() + ")", ACTOR));
            } else if (!k.status().equals(r.status())) {
                events.add(FleetEvent.vm(at, k.id(), r.name(), agentId, "status", k.status(), r.status(),
                        "Proxmox reports " + r.status(), ACTOR));
            }
        }
        for (Known gone : known.values()) {
            events.add(FleetEvent.vm(at, gone.id(), gone.name(), agentId, "inventory", "present", "gone",
                    "Proxmox no longer lists VMID " + gone.vmid(), ACTOR));
        }
        return events;
    }
}
