package io.corral.agent.executor.proxmox;

import io.corral.agent.executor.CommandContext;
import io.corral.agent.executor.CommandExecutor;
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
public final class ProxmoxConfigGetExecutor implements CommandExecutor {

    public static final String TYPE = "proxmox.config.get";

    private final PveTasks tasks;

    public ProxmoxConfigGetExecutor(PveTasks tasks) {
        this.tasks = tasks;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public JsonObject execute(CommandContext context) throws CommandFailure {
        Payload payload = new Payload(context.payload());
        boolean current = payload.optionalBoolean("current").orElse(false);
        GuestRef guest = Guests.resolve(tasks.pve(), payload);
        context.checkCancelled();
        JsonValue config;
        try {
            config = tasks.pve().get(guest.path() + "/config" + (current ? "?current=1" : ""));
        } catch (PveException e) {
            throw PveErrors.failure(e, guest);
        }
        if (!(config instanceof JsonObject object)) {
            throw new CommandFailure(CommandFailure.PVE_ERROR, "Proxmox: unexpected answer to " + guest.path()
                    + "/config: data is not an object");
        }
        return ProxmoxPowerExecutor.base(guest).add("config", object).build();
    }
}
