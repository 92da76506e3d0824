package io.corral.agent.ssh;

import io.corral.agent.executor.CommandContext;
import io.corral.agent.executor.CommandExecutor;
import io.corral.agent.executor.CommandFailure;
import io.corral.agent.pve.GuestJson;
import io.corral.agent.pve.PveClient;
import io.corral.agent.pve.PveException;
import io.corral.agent.pve.PveGuest;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/**
 * {@code targets.list} {@code {}}: every guest that can be a target of work (templates are
 * not), and whether an SSH target is configured for it.
 */
public class TargetsListExecutor implements CommandExecutor {

    public static final String TYPE = "targets.list";

    private final PveClient pve;
    private final SshTargets sshTargets;

    public TargetsListExecutor(PveClient pve, SshTargets sshTargets) {
        this.pve = pve;
        this.sshTargets = sshTargets;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public JsonObject execute(CommandContext context) throws CommandFailure {
        JsonArrayBuilder targets = Json.createArrayBuilder();
        try {
            for (PveGuest guest : pve.guests()) {
                if (!guest.template()) {
                    targets.add(target(guest));
                }
            }
        } catch (PveException e) {
            throw CommandFailure.of(e);
        }
        return Json.createObjectBuilder().add("targets", targets).build();
    }

    private JsonObjectBuilder target(PveGuest guest) {
        JsonObjectBuilder json = Json.createObjectBuilder();
        GuestJson.addNullable(json, "node", guest.node());
        json.add("vmid", guest.vmid()).add("type", guest.type());
        GuestJson.addNullable(json, "name", guest.name());
        GuestJson.addNullable(json, "status", guest.status());
        return json.add("sshConfigured", sshTargets.isConfigured(guest));
    }
}
