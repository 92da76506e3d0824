package io.corral.agent.command;

import io.corral.agent.control.ControlPlaneClient;
import io.corral.agent.control.ControlPlaneException;
import io.corral.agent.control.ControlPlaneResponse;
import io.corral.agent.executor.Progress;
import jakarta.json.JsonValue;
import java.time.Duration;

/** The command endpoints of the control plane's agent API ({@code /api/v1/agent/commands/…}). */
public class CommandChannel {

    static final String BASE = "/api/v1/agent/commands";

    /** How much longer than the server's hold the client waits for a long-poll answer. */
    static final Duration POLL_MARGIN = Duration.ofSeconds(15);

    private final ControlPlaneClient client;

    public CommandChannel(ControlPlaneClient client) {
        this.client = client;
    }

    /** {@code GET next?wait=…&max=…}, held by the server up to {@code waitSeconds}. */
    public ControlPlaneResponse next(int waitSeconds, int max) throws ControlPlaneException {
        return client.get(BASE + "/next?wait=" + waitSeconds + "&max=" + max,
                Duration.ofSeconds(waitSeconds).plus(POLL_MARGIN));
    }

    public ControlPlaneResponse start(String commandId) throws ControlPlaneException {
        return client.post(BASE + "/" + commandId + "/start", JsonValue.EMPTY_JSON_OBJECT);
    }

    public ControlPlaneResponse progress(String commandId, Progress progress) throws ControlPlaneException {
        return client.post(BASE + "/" + commandId + "/progress", progress.toJson());
    }

    public ControlPlaneResponse result(CommandResult result) throws ControlPlaneException {
        return client.post(BASE + "/" + result.commandId() + "/result", result.toJson());
    }
}
