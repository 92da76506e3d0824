package io.corral.agent.ssh;

import io.corral.agent.executor.CommandContext;
import io.corral.agent.executor.CommandExecutor;
import io.corral.agent.executor.CommandFailure;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/**
 * {@code ssh.status} (alias {@code ssh.test}) {@code {"target"}}: connects and authenticates,
 * then hangs up. A probe reports rather than fails: an unconfigured, unreachable or refusing
 * target is a successful result with {@code connected:false} and the error code, so the
 * control plane can gate SSH-only features on it. Only bad payloads and cancellation fail.
 * <p>
 * Result {@code {"configured","connected","code","message","latencyMs","serverVersion"}}.
 */
public class SshStatusExecutor implements CommandExecutor {

    public static final String TYPE = "ssh.status";
    public static final String ALIAS = "ssh.test";

    private final String type;
    private final SshTargetDirectory targets;
    private final SshConnector connector;

    public SshStatusExecutor(String type, SshTargetDirectory targets, SshConnector connector) {
        this.type = type;
        this.targets = targets;
        this.connector = connector;
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public JsonObject execute(CommandContext context) throws CommandFailure {
        TargetSelector selector = TargetSelector.from(context.payload());
        SshTarget target;
        try {
            target = targets.find(selector);
        } catch (CommandFailure e) {
            return status(false, e.code(), e.getMessage()).addNull("latencyMs").addNull("serverVersion").build();
        }
        try (SshSession session = connector.open(target, context)) {
            return status(true, null, "connected to " + target.address())
                    .add("latencyMs", session.latencyMs())
                    .add("serverVersion", session.serverVersion())
                    .build();
        } catch (CommandFailure e) {
            if (e.isCancellation()) {
                throw e;
            }
            return status(true, e.code(), e.getMessage()).addNull("latencyMs").addNull("serverVersion").build();
        }
    }

    private static JsonObjectBuilder status(boolean configured, String code, String message) {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("configured", configured)
                .add("connected", code == null);
        if (code == null) {
            json.addNull("code");
        } else {
            json.add("code", code);
        }
        return json.add("message", message);
    }
}
