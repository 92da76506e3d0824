package io.corral.agent.executor.proxmox;

import io.corral.agent.executor.CommandContext;
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
public final class ProxmoxDestroyExecutor extends GuestExecutor<ProxmoxDestroyExecutor.Options> {

    public static final String TYPE = "proxmox.destroy";

    /** {@code unreferencedDisks} is null when not given: Proxmox's default then applies. */
    record Options(boolean purge, boolean allowTemplate, Boolean unreferencedDisks) {
    }

    private final PveTasks tasks;

    public ProxmoxDestroyExecutor(PveTasks tasks) {
        super(TYPE, tasks.pve());
        this.tasks = tasks;
    }

    @Override
    protected Options options(Payload payload) throws CommandFailure {
        return new Options(payload.optionalBoolean("purge").orElse(false),
                payload.optionalBoolean("allowTemplate").orElse(false),
                payload.optionalBoolean("destroyUnreferencedDisks").orElse(null));
    }

    @Override
    protected JsonObject run(CommandContext context, GuestRef guest, Options options) throws CommandFailure {
        PveGuestStatus status;
        try {
            status = pve.guestStatus(guest.node(), guest.type(), guest.vmid());
        } catch (PveException e) {
            throw PveErrors.failure(e, guest);
        }
        if (status.template() && !options.allowTemplate()) {
            throw new CommandFailure(CommandFailure.TEMPLATE_PROTECTED, guest.label() + " (" + status.name()
                    + ") is a template; set allowTemplate to destroy it");
        }
        context.checkCancelled();
        StringBuilder query = new StringBuilder();
        if (options.purge()) {
            query.append("purge=1");
        }
        if (options.unreferencedDisks() != null) {
            query.append(query.length() == 0 ? "" : "&").append("destroy-unreferenced-disks=")
                    .append(options.unreferencedDisks() ? 1 : 0);
        }
        String path = guest.path() + (query.length() == 0 ? "" : "?" + query);
        TaskOutcome outcome = tasks.run(context, guest, TYPE + " " + guest.label(), () -> pve.deleteForTask(path));
        JsonObjectBuilder result = guest.toJson();
        outcome.toJson().build().forEach(result::add);
        return result.add("purge", options.purge()).add("template", status.template()).build();
    }
}
