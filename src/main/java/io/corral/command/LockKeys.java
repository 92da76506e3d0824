package io.corral.command;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;

import java.util.Set;
import java.util.UUID;

/**
 * The lock keys a command holds while it is leased or running: the caller's own key, or else the
 * automatic ones. A command that changes a guest holds {@code vm:<agent>/<node>/<vmid>}; a clone
 * holds its new guest and {@code template:<agent>/<node>/<vmid>}, so clones of one template queue
 * behind each other in the bus instead of colliding on Proxmox's template lock.
 */
final class LockKeys {
    private static final Set<String> CHANGE_A_GUEST = Set.of("proxmox.start", "proxmox.stop", "proxmox.shutdown",
            "proxmox.hibernate", "proxmox.resume", "proxmox.destroy", "proxmox.config.set", "proxmox.create");

    private LockKeys() {
    }

    /** Null when the command holds no lock. {@code payload} has passed the type's payload rules. */
    static String[] of(String callerKey, UUID agentId, String type, JsonObject payload) {
        if (callerKey != null) {
            return new String[] {callerKey};
        }
        if (type.equals("proxmox.clone")) {
            String node = text(payload, "node");
            String target = payload.containsKey("target") ? text(payload, "target") : node;
            return new String[] {"vm:" + agentId + "/" + target + "/" + number(payload, "newid"),
                    "template:" + agentId + "/" + node + "/" + number(payload, "vmid")};
        }
        if (CHANGE_A_GUEST.contains(type)) {
            return new String[] {"vm:" + agentId + "/" + text(payload, "node") + "/" + number(payload, "vmid")};
        }
        return null;
    }

    private static String text(JsonObject payload, String field) {
        return payload.get(field) instanceof JsonString s ? s.getString() : String.valueOf(payload.get(field));
    }

    private static String number(JsonObject payload, String field) {
        return payload.get(field) instanceof JsonNumber n ? n.bigIntegerValue().toString() : String.valueOf(payload.get(field));
    }
}
