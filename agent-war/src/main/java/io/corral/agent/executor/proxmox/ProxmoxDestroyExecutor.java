package io.corral.agent.executor.proxmox;

import io.corral.agent.executor.CommandContext;
import io.corral.agent.executor.CommandExecutor;
import io.corral.agent.executor.CommandFailure;
import io.corral.agent.executor.Payload;
import io.corral.agent.pve.PveException;
import io.corral.agent.pve.PveGuestStatus;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/**
 * {@code proxmox.destroy} {@code {"node","vmid","type"?,"purge"?,"destroyUnreferencedDisks"?,"allowTemplate"?}}:
 * deletes a stopped guest. Templates are refused ({@code TEMPLATE_PROTECTED}) unless
 * {@code allowTemplate} is true. Result: {@code {"node","vmid","type","upid","exitstatus","durationMs",
 * "purge","template"}} (+ {@code "warnings","logTail"}).
 */
public final class ProxmoxDestroyExecutor implements CommandExecutor {

    public static final String TYPE = "proxmox.destroy";

    private final PveTasks tasks;

    public ProxmoxDestroyExecutor(PveTasks tasks) {
        this.tasks = tasks;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public JsonObject execute(CommandContext context) throws CommandFailure {
        Payload payload = new Payload(context.payload());
        boolean purge = payload.optionalBoolean("purge").orElse(false);
        boolean allowTemplate = payload.optionalBoolean("allowTemplate").orElse(false);
        Boolean unreferenced = payload.optionalBoolean("destroyUnreferencedDisks").orElse(null);
        GuestRef guest = Guests.resolve(tasks.pve(), payload);
        PveGuestStatus status;
        try {
            status = tasks.pve().guestStatus(guest.node(), guest.type(), guest.vmid());
        } catch (PveException e) {
            throw PveErrors.failure(e, guest);
        }
        if (status.template() && !allowTemplate) {
            throw new CommandFailure(CommandFailure.TEMPLATE_PROTECTED, guest.label() + " (" + status.name()
                    + ") is a template; set allowTemplate to destroy it");
        }
        context.checkCancelled();
        StringBuilder query = new StringBuilder();
        if (purge) {
            query.append("purge=1");
        }
        if (unreferenced != null) {
            query.append(query.length() == 0 ? "" : "&").append("destroy-unreferenced-disks=").append(unreferenced ? 1 : 0);
        }
        String path = guest.path() + (query.length() == 0 ? "" : "?" + query);
        TaskOutcome outcome = tasks.run(context, guest, TYPE + " " + guest.label(),
                () -> tasks.pve().deleteForTask(path));
        JsonObjectBuilder result = ProxmoxPowerExecutor.base(guest);
        outcome.toJson().build().forEach(result::add);
        return result.add("purge", purge).add("template", status.template()).build();
    }
}
