package io.corral.agent.executor.proxmox;

import io.corral.agent.executor.CommandContext;
import io.corral.agent.executor.CommandExecutor;
import io.corral.agent.executor.CommandFailure;
import io.corral.agent.executor.Payload;
import io.corral.agent.executor.Progress;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code proxmox.wait-task} {@code {"node","upid","timeoutSeconds"?}} (default 3600 s): waits for a
 * task to stop and types its end like every {@code proxmox.*} task: {@code OK} and
 * {@code WARNINGS: n} succeed ({@code {"node","upid","type","id","exitstatus","durationMs"}}, plus
 * {@code "warnings","logTail"}); a lock timeout fails {@code PVE_LOCKED}, any other error
 * {@code PVE_TASK_FAILED}; still running at the timeout fails {@code WAIT_TIMEOUT}. The command only
 * waits: neither a timeout nor a cancel stops the task. {@code node} is required by the contract although
 * the UPID names it too; the two must agree.
 */
public final class ProxmoxWaitTaskExecutor implements CommandExecutor {

    public static final String TYPE = "proxmox.wait-task";

    /** {@code UPID:node:pid:pstart:starttime:type:id:user:}. */
    static final Pattern UPID = Pattern.compile(
            "UPID:([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?):[0-9A-Fa-f]{1,16}:[0-9A-Fa-f]{1,16}:[0-9A-Fa-f]{1,16}"
                    + ":([A-Za-z0-9_.-]+):([^:\\s/]*):([^:\\s/]+):");

    private final PveTasks tasks;

    public ProxmoxWaitTaskExecutor(PveTasks tasks) {
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
        String upid = payload.optionalString("upid").orElseThrow(() -> CommandFailure.invalidPayload("upid",
                "is required"));
        Matcher m = UPID.matcher(upid);
        if (!m.matches()) {
            throw CommandFailure.invalidPayload("upid", "must be a Proxmox task id (UPID:node:…:)");
        }
        if (!m.group(1).equals(node)) {
            throw CommandFailure.invalidPayload("node", "the task runs on node " + m.group(1) + ", not " + node);
        }
        long timeout = payload.optionalLong("timeoutSeconds", 1, 7 * 86_400).orElse(3600L);
        context.progress(new Progress("waiting for task " + m.group(2) + " " + m.group(3), upid, null));
        TaskOutcome outcome = tasks.await(context, node, upid, TYPE, Duration.ofSeconds(timeout), false);
        switch (outcome.kind()) {
            case OK, WARNINGS -> {
                JsonObjectBuilder result = Json.createObjectBuilder().add("node", node).add("type", m.group(2))
                        .add("id", m.group(3));
                outcome.toJson().build().forEach(result::add);
                return result.build();
            }
            case CANCELLED -> throw CommandFailure.cancelled("stopped waiting for task " + upid
                    + " (the task itself was left running)");
            case TIMEOUT -> throw new CommandFailure(CommandFailure.WAIT_TIMEOUT, "task " + upid
                    + " still running after " + timeout + " s (it was left running)");
            case LOCKED -> throw new CommandFailure(CommandFailure.PVE_LOCKED, outcome.describe());
            default -> throw PveTasks.taskFailed(TYPE, outcome);
        }
    }
}
