package io.corral.agent.command;

import io.corral.agent.control.ControlPlaneClient;
import io.corral.agent.control.ControlPlaneException;
import io.corral.agent.control.ControlPlaneResponse;
import io.corral.agent.executor.Progress;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.List;

/** The command endpoints of the control plane's agent API ({@code /api/v1/agent/commands/…}). */
public class CommandChannel {

    static final String BASE = "/api/v1/agent/commands";

    /** How much longer than the server's hold the client waits for a long-poll answer. */
    static final Duration POLL_MARGIN = Duration.ofSeconds(15);

    private final ControlPlaneClient client;

    public CommandChannel(ControlPlaneClient client) {
        this.client = client;
    }

    /**
     * {@code GET next?wait=…&max=…&have=…}, held by the server up to {@code waitSeconds}. {@code have}
     * is always sent, empty when this agent holds nothing; ids need no encoding, as only
     * {@link Command#isSafeId safe ids} are ever taken on.
     */
    public ControlPlaneResponse next(int waitSeconds, int max, List<String> have) throws ControlPlaneException {
        return client.get(BASE + "/next?wait=" + waitSeconds + "&max=" + max + "&have=" + String.join(",", have),
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
