package io.corral.agent.executor;

import io.corral.agent.pve.GuestJson;
import io.corral.agent.pve.PveClient;
import io.corral.agent.pve.PveException;
import io.corral.agent.pve.PveGuest;
import io.corral.agent.pve.PveGuestStatus;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.Optional;

/**
 * {@code proxmox.status} {@code {"node","vmid","type"?}}: the guest's {@code status/current}.
 * Without a type, the guest is looked up in {@code /cluster/resources} first.
 */
public class ProxmoxStatusExecutor implements CommandExecutor {

    public static final String TYPE = "proxmox.status";

    private final PveClient pve;

    public ProxmoxStatusExecutor(PveClient pve) {
        this.pve = pve;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public JsonObject execute(CommandContext context) throws CommandFailure {
        Payload payload = new Payload(context.payload());
        String node = payload.node("node");
        int vmid = payload.vmid("vmid");
        Optional<String> type = payload.optionalGuestType("type");
        try {
            String guestType = type.isPresent() ? type.get() : typeOf(node, vmid);
            context.checkCancelled();
            return toJson(pve.guestStatus(node, guestType, vmid));
        } catch (PveException e) {
            throw CommandFailure.of(e);
        }
    }

    private String typeOf(String node, int vmid) throws PveException, CommandFailure {
        PveGuest guest = pve.guests().stream().filter(g -> g.vmid() == vmid).findFirst()
                .orElseThrow(() -> new CommandFailure(CommandFailure.GUEST_NOT_FOUND,
                        "no guest with VMID " + vmid + " in the cluster"));
        if (!node.equals(guest.node())) {
            throw new CommandFailure(CommandFailure.GUEST_NOT_FOUND,
                    "guest " + vmid + " is on node " + guest.node() + ", not " + node);
        }
        return guest.type();
    }

    static JsonObject toJson(PveGuestStatus status) {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("node", status.node())
                .add("vmid", status.vmid())
                .add("type", status.type());
        GuestJson.addNullable(json, "name", status.name());
        GuestJson.addNullable(json, "status", status.status());
        GuestJson.addNullable(json, "qmpstatus", status.qmpstatus());
        GuestJson.addNullable(json, "lock", status.lock());
        return json.add("template", status.template())
                .add("cpu", status.cpu())
                .add("mem", status.mem())
                .add("maxmem", status.maxmem())
                .add("uptime", status.uptime())
                .build();
    }
}
