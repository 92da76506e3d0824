package io.corral.agent.executor.proxmox;

import io.corral.agent.executor.CommandContext;
import io.corral.agent.executor.CommandFailure;
import io.corral.agent.executor.Payload;
import io.corral.agent.pve.PveException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * {@code proxmox.config.get} {@code {"node","vmid","type"?,"current"?}}: the guest's configuration
 * as Proxmox returns it ({@code GET …/config}, pending changes applied unless {@code current}).
 * Result: {@code {"node","vmid","type","config":{…, "digest"}}}.
 */
public final class ProxmoxConfigGetExecutor extends GuestExecutor<Boolean> {

    public static final String TYPE = "proxmox.config.get";

    public ProxmoxConfigGetExecutor(PveTasks tasks) {
        super(TYPE, tasks.pve());
    }

    /** {@code current}. */
    @Override
    protected Boolean options(Payload payload) throws CommandFailure {
        return payload.optionalBoolean("current").orElse(false);
    }

    @Override
    protected JsonObject run(CommandContext context, GuestRef guest, Boolean current) throws CommandFailure {
        JsonValue config;
        try {
            config = pve.get(guest.path() + "/config" + (current ? "?current=1" : ""));
        } catch (PveException e) {
            throw PveErrors.failure(e, guest);
        }
        if (!(config instanceof JsonObject object)) {
            throw new CommandFailure(CommandFailure.PVE_ERROR, "Proxmox: unexpected answer to " + guest.path()
                    + "/config: data is not an object");
        }
        return guest.toJson().add("config", object).build();
    }
}
