package io.corral.agent.executor.proxmox;

import io.corral.agent.executor.CommandContext;
import io.corral.agent.executor.CommandFailure;
import io.corral.agent.executor.Payload;
import io.corral.agent.pve.GuestJson;
import io.corral.agent.pve.PveClient;
import io.corral.agent.pve.PveException;
import io.corral.agent.pve.PveGuestStatus;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/**
 * {@code proxmox.status} {@code {"node","vmid","type"?}}: the guest's {@code status/current}.
 * Without a type, the guest is looked up in {@code /cluster/resources} first.
 */
public final class ProxmoxStatusExecutor extends GuestExecutor<Void> {

    public static final String TYPE = "proxmox.status";

    public ProxmoxStatusExecutor(PveClient pve) {
        super(TYPE, pve);
    }

    @Override
    protected Void options(Payload payload) {
        return null;
    }

    @Override
    protected JsonObject run(CommandContext context, GuestRef guest, Void options) throws CommandFailure {
        try {
            return toJson(pve.guestStatus(guest.node(), guest.type(), guest.vmid()));
        } catch (PveException e) {
            throw CommandFailure.of(e);
        }
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
