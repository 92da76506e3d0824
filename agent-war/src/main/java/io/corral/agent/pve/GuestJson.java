package io.corral.agent.pve;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;

/**
 * A guest as the agent reports it to the control plane (heartbeat inventory, {@code proxmox.list}):
 * the same fields everywhere, {@code template} as a boolean and {@code lock} null when unlocked.
 */
public final class GuestJson {

    private GuestJson() {
    }

    public static JsonObjectBuilder of(PveGuest guest) {
        JsonObjectBuilder json = Json.createObjectBuilder();
        addNullable(json, "node", guest.node());
        json.add("vmid", guest.vmid()).add("type", guest.type());
        addNullable(json, "name", guest.name());
        addNullable(json, "status", guest.status());
        json.add("template", guest.template())
                .add("cpu", guest.cpu())
                .add("mem", guest.mem())
                .add("maxmem", guest.maxmem())
                .add("maxdisk", guest.maxdisk())
                .add("uptime", guest.uptime());
        addNullable(json, "lock", guest.lock());
        return json;
    }

    public static void addNullable(JsonObjectBuilder json, String key, String value) {
        if (value == null) {
            json.addNull(key);
        } else {
            json.add(key, value);
        }
    }
}
