package io.corral.agent.executor.proxmox;

import io.corral.agent.executor.CommandContext;
import io.corral.agent.executor.CommandExecutor;
import io.corral.agent.executor.CommandFailure;
import io.corral.agent.executor.Payload;
import io.corral.agent.executor.Progress;
import io.corral.agent.pve.PveException;
import io.corral.agent.pve.PveGuest;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code proxmox.wait-vm-presence} {@code {"node","vmid","present","timeoutSeconds"?}} (default 300 s):
 * polls {@code /cluster/resources} until the guest exists on {@code node} ({@code present: true}) or
 * is not there any more ({@code present: false}; a guest that moved to another node counts as gone).
 * Result: {@code {"vmid","present","node","type","status","lock","waitedMs"}} (node/type/status/lock
 * null when gone). {@code WAIT_TIMEOUT} when the
 * time runs out. A guest being cloned is present already, with {@code lock: clone}.
 */
public final class ProxmoxWaitVmPresenceExecutor implements CommandExecutor {

    public static final String TYPE = "proxmox.wait-vm-presence";

    private final PveTasks tasks;

    public ProxmoxWaitVmPresenceExecutor(PveTasks tasks) {
        this.tasks = tasks;
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
        boolean present = payload.optionalBoolean("present").orElseThrow(() -> CommandFailure.invalidPayload("present",
                "is required"));
        long timeout = payload.optionalLong("timeoutSeconds", 1, 7 * 86_400).orElse(300L);
        long started = System.nanoTime();
        long deadline = started + Duration.ofSeconds(timeout).toNanos();
        context.progress(Progress.message("waiting for guest " + vmid + " to be " + (present ? "present" : "gone")
                + " on node " + node));
        String lastError = null;
        while (true) {
            context.checkCancelled();
            try {
                Optional<PveGuest> guest = Guests.find(tasks.pve(), vmid).filter(g -> node.equals(g.node()));
                lastError = null;
                if (guest.isPresent() == present) {
                    return result(vmid, guest, started);
                }
            } catch (PveException e) {
                PveTasks.checkInterrupted();
                lastError = e.shortReason(); // keep trying until the timeout
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new CommandFailure(CommandFailure.WAIT_TIMEOUT, "guest " + vmid + " still "
                        + (present ? "absent" : "present") + " after " + timeout + " s"
                        + (lastError == null ? "" : " (last Proxmox error: " + lastError + ")"));
            }
            PveTasks.pause(context, Duration.ofNanos(Math.min(left, tasks.settings().pollInterval().toNanos())));
        }
    }

    private static JsonObject result(int vmid, Optional<PveGuest> guest, long started) {
        JsonObjectBuilder json = Json.createObjectBuilder().add("vmid", vmid).add("present", guest.isPresent());
        nullable(json, "node", guest.map(PveGuest::node).orElse(null));
        nullable(json, "type", guest.map(PveGuest::type).orElse(null));
        nullable(json, "status", guest.map(PveGuest::status).orElse(null));
        nullable(json, "lock", guest.map(PveGuest::lock).orElse(null));
        return json.add("waitedMs", Duration.ofNanos(System.nanoTime() - started).toMillis()).build();
    }

    private static void nullable(JsonObjectBuilder json, String key, String value) {
        if (value == null) {
            json.addNull(key);
        } else {
            json.add(key, value);
        }
    }
}
