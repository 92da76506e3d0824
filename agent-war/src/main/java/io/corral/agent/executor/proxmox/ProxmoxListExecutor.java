package io.corral.agent.executor.proxmox;

import io.corral.agent.executor.CommandContext;
import io.corral.agent.executor.CommandExecutor;
import io.corral.agent.executor.CommandFailure;
import io.corral.agent.executor.Payload;
import io.corral.agent.pve.GuestJson;
import io.corral.agent.pve.PveClient;
import io.corral.agent.pve.PveException;
import io.corral.agent.pve.PveGuest;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.util.Optional;

/**
 * {@code proxmox.list} {@code {"node"?,"type"?,"template"?}}: the cluster's guests, filtered,
 * with the same fields as the heartbeat inventory.
 */
public class ProxmoxListExecutor implements CommandExecutor {

    public static final String TYPE = "proxmox.list";

    private final PveClient pve;

    public ProxmoxListExecutor(PveClient pve) {
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
        Optional<String> type = payload.optionalGuestType("type");
        Optional<Boolean> template = payload.optionalBoolean("template");
        JsonArrayBuilder guests = Json.createArrayBuilder();
        try {
            for (PveGuest guest : pve.guests()) {
                if (node.map(n -> n.equals(guest.node())).orElse(true)
                        && type.map(t -> t.equals(guest.type())).orElse(true)
                        && template.map(t -> t == guest.template()).orElse(true)) {
                    guests.add(GuestJson.of(guest));
                }
            }
        } catch (PveException e) {
            throw CommandFailure.of(e);
        }
        return Json.createObjectBuilder().add("guests", guests).build();
    }
}
