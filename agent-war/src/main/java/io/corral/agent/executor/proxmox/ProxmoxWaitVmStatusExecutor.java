package io.corral.agent.executor.proxmox;

import io.corral.agent.executor.CommandContext;
import io.corral.agent.executor.CommandFailure;
import io.corral.agent.executor.Payload;
import io.corral.agent.executor.Progress;
import io.corral.agent.pve.PveException;
import io.corral.agent.pve.PveGuestStatus;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Duration;
import java.util.Set;

/**
 * {@code proxmox.wait-vm-status} {@code {"node","vmid","type"?,"status","timeoutSeconds"?}} (default
 * 300 s): polls {@code status/current} until the guest is in {@code status}: {@code running} (and
 * not paused), {@code paused}, {@code stopped} (hibernated counts), or {@code hibernated} (stopped
 * with {@code lock: suspended}). Result: {@code {"node","vmid","type","status","qmpstatus","lock",
 * "waitedMs"}}. {@code WAIT_TIMEOUT} when the time runs out; {@code GUEST_NOT_FOUND} when the guest
 * is not (or no longer) there.
 */
public final class ProxmoxWaitVmStatusExecutor extends GuestExecutor<ProxmoxWaitVmStatusExecutor.Options> {

    public static final String TYPE = "proxmox.wait-vm-status";

    private static final Set<String> STATES = Set.of("running", "stopped", "paused", "hibernated");

    /** The state waited for, and for how long at most. */
    record Options(String wanted, long timeoutSeconds) {
    }

    private final PveTasks tasks;

    public ProxmoxWaitVmStatusExecutor(PveTasks tasks) {
        super(TYPE, tasks.pve());
        this.tasks = tasks;
    }

    @Override
    protected Options options(Payload payload) throws CommandFailure {
        String wanted = payload.optionalString("status").orElseThrow(() -> CommandFailure.invalidPayload("status",
                "is required"));
        if (!STATES.contains(wanted)) {
            throw CommandFailure.invalidPayload("status", "must be one of running, stopped, paused, hibernated");
        }
        return new Options(wanted, payload.optionalLong("timeoutSeconds", 1, 7 * 86_400).orElse(300L));
    }

    @Override
    protected JsonObject run(CommandContext context, GuestRef guest, Options options) throws CommandFailure {
        String wanted = options.wanted();
        long started = System.nanoTime();
        long deadline = started + Duration.ofSeconds(options.timeoutSeconds()).toNanos();
        context.progress(Progress.message("waiting for " + guest.label() + " to be " + wanted));
        String last = null;
        while (true) {
            context.checkCancelled();
            try {
                PveGuestStatus status = pve.guestStatus(guest.node(), guest.type(), guest.vmid());
                last = state(status);
                if (matches(wanted, status)) {
                    JsonObjectBuilder result = guest.toJson().add("status", last);
                    addNullable(result, "qmpstatus", status.qmpstatus());
                    addNullable(result, "lock", status.lock());
                    return result.add("waitedMs", Duration.ofNanos(System.nanoTime() - started).toMillis()).build();
                }
            } catch (PveException e) {
                PveTasks.checkInterrupted();
                if (PveErrors.isMissingGuest(e)) {
                    throw PveErrors.failure(e, guest);
                }
                // Unreachable or a passing error: keep trying until the timeout.
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new CommandFailure(CommandFailure.WAIT_TIMEOUT, guest.label() + " not " + wanted + " after "
                        + options.timeoutSeconds() + " s (last seen: " + (last == null ? "unknown" : last) + ")");
            }
            PveTasks.pause(context, Duration.ofNanos(Math.min(left, tasks.settings().pollInterval().toNanos())));
        }
    }

    /** What the guest is, in the words of {@code status}. */
    static String state(PveGuestStatus status) {
        if ("stopped".equals(status.status()) && "suspended".equals(status.lock())) {
            return "hibernated";
        }
        if ("running".equals(status.status()) && status.qmpstatus() != null && !"running".equals(status.qmpstatus())) {
            return status.qmpstatus(); // paused, suspended, prelaunch, …
        }
        return status.status() == null ? "unknown" : status.status();
    }

    private static boolean matches(String wanted, PveGuestStatus status) {
        String state = state(status);
        return switch (wanted) {
            case "stopped" -> "stopped".equals(status.status());
            case "paused" -> "paused".equals(state) || "paused".equals(status.status());
            default -> wanted.equals(state);
        };
    }

    private static void addNullable(JsonObjectBuilder json, String key, String value) {
        if (value == null) {
            json.addNull(key);
        } else {
            json.add(key, value);
        }
    }
}
