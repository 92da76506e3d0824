package io.corral.agent.executor.proxmox;

import io.corral.agent.executor.CommandContext;
import io.corral.agent.executor.CommandFailure;
import io.corral.agent.executor.Payload;
import io.corral.agent.pve.PveException;
import io.corral.agent.pve.PveGuestStatus;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The power actions, each a Proxmox task followed to its end ({@code {"node","vmid","type"?}}):
 * <ul>
 * <li>{@code proxmox.start}, {@code proxmox.stop};</li>
 * <li>{@code proxmox.shutdown} ({@code "timeout"?} seconds, {@code "forceStop"?});</li>
 * <li>{@code proxmox.hibernate}: {@code suspend todisk=1}, VMs only;</li>
 * <li>{@code proxmox.resume}: a hibernated VM ({@code lock: suspended}) is started, a paused guest
 * resumed, a running one left alone ({@code "alreadyRunning":true}).</li>
 * </ul>
 * Result: {@code {"node","vmid","type","action","upid","exitstatus","durationMs","status"}}, plus
 * {@code "warnings","logTail"} when the task ended with warnings; {@code status} is the guest's state
 * afterwards (null if it could not be read).
 */
public final class ProxmoxPowerExecutor extends GuestExecutor<Map<String, String>> {

    /** A power action: its command type and its Proxmox call. */
    public enum Action {
        START("proxmox.start", "start"),
        STOP("proxmox.stop", "stop"),
        SHUTDOWN("proxmox.shutdown", "shutdown"),
        HIBERNATE("proxmox.hibernate", "suspend"),
        RESUME("proxmox.resume", "resume");

        private final String type;
        private final String apiName;

        Action(String type, String apiName) {
            this.type = type;
            this.apiName = apiName;
        }

        public String type() {
            return type;
        }
    }

    private final Action action;
    private final PveTasks tasks;

    public ProxmoxPowerExecutor(Action action, PveTasks tasks) {
        super(action.type, tasks.pve());
        this.action = action;
        this.tasks = tasks;
    }

    /** The call's parameters from the payload: {@code timeout} and {@code forceStop} of a shutdown. */
    @Override
    protected Map<String, String> options(Payload payload) throws CommandFailure {
        Map<String, String> params = new LinkedHashMap<>();
        if (action == Action.SHUTDOWN) {
            payload.optionalLong("timeout", 0, 86_400).ifPresent(t -> params.put("timeout", String.valueOf(t)));
            payload.optionalBoolean("forceStop").ifPresent(f -> params.put("forceStop", f ? "1" : "0"));
        }
        return params;
    }

    @Override
    protected JsonObject run(CommandContext context, GuestRef guest, Map<String, String> options)
            throws CommandFailure {
        Map<String, String> params = new LinkedHashMap<>(options);
        String apiName = action.apiName;
        if (action == Action.HIBERNATE) {
            if (!guest.isVm()) {
                throw new CommandFailure(CommandFailure.UNSUPPORTED_OPERATION, guest.label()
                        + ": only VMs can hibernate (suspend to disk); containers cannot");
            }
            params.put("todisk", "1");
        }
        if (action == Action.RESUME) {
            PveGuestStatus before = status(guest);
            if ("suspended".equals(before.lock())) {
                apiName = "start"; // a hibernated VM resumes by starting
            } else if ("running".equals(before.status())
                    && (before.qmpstatus() == null || "running".equals(before.qmpstatus()))) {
                return guest.toJson().add("action", "resume").add("alreadyRunning", true)
                        .addNull("upid").addNull("exitstatus").add("status", "running").build();
            }
        }
        String path = guest.path() + "/status/" + apiName;
        String what = action.type + " " + guest.label();
        TaskOutcome outcome = tasks.run(context, guest, what, () -> pve.postForTask(path, params));
        JsonObjectBuilder result = guest.toJson().add("action", action == Action.RESUME ? "resume" : action.name()
                .toLowerCase(Locale.ROOT));
        if (action == Action.RESUME) {
            result.add("via", apiName);
        }
        outcome.toJson().build().forEach(result::add);
        try {
            PveGuestStatus after = pve.guestStatus(guest.node(), guest.type(), guest.vmid());
            result.add("status", after.status() == null ? "unknown" : after.status());
            if (after.lock() != null) {
                result.add("lock", after.lock());
            }
        } catch (PveException e) {
            result.addNull("status");
        }
        return result.build();
    }

    private PveGuestStatus status(GuestRef guest) throws CommandFailure {
        try {
            return pve.guestStatus(guest.node(), guest.type(), guest.vmid());
        } catch (PveException e) {
            throw PveErrors.failure(e, guest);
        }
    }
}
