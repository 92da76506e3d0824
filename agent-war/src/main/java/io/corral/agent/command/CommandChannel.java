package io.corral.agent.command;

import io.corral.agent.control.ControlPlaneClient;
import io.corral.agent.control.ControlPlaneException;
import io.corral.agent.control.ControlPlaneResponse;
import io.corral.agent.executor.Progress;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.List;

/** The command endpoints of the control plane's agent API ({@code /api/v1/agent/commands/…}). */
public class CommandChannel {

    static final String BASE = "/api/v1/agent/commands";

    /** How much longer than the server's hold the client waits for a long-poll answer. */
    static final Duration POLL_MARGIN = Duration.ofSeconds(15);

    /** Ids or results one batch request carries at most. */
    static final int MAX_BATCH = 500;

    private final ControlPlaneClient client;
    private final BatchSupport startBatches;
    private final BatchSupport resultBatches;

    public CommandChannel(ControlPlaneClient client) {
        this(client, BatchSupport.RECHECK);
    }

    /** With how long a control plane without a batch endpoint is not asked for it again. */
    CommandChannel(ControlPlaneClient client, Duration batchRecheck) {
        this.client = client;
        this.startBatches = new BatchSupport("POST " + BASE + "/start", "starting each command with its own request",
                batchRecheck, System::nanoTime);
        this.resultBatches = new BatchSupport("POST " + BASE + "/results", "delivering each result with its own request",
                batchRecheck, System::nanoTime);
    }

    /** Whether this control plane serves {@link #startAll}. */
    BatchSupport startBatches() {
        return startBatches;
    }

    /** Whether this control plane serves {@link #results}. */
    BatchSupport resultBatches() {
        return resultBatches;
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

    /**
     * {@code POST start {"ids":[…]}} (1 to {@link #MAX_BATCH} ids) →
     * {@code 200 {"started":[ids],"refused":[{"id","code"}]}}.
     */
    public ControlPlaneResponse startAll(List<String> commandIds) throws ControlPlaneException {
        JsonArrayBuilder ids = Json.createArrayBuilder();
        commandIds.forEach(ids::add);
        return client.post(BASE + "/start", Json.createObjectBuilder().add("ids", ids).build());
    }

    public ControlPlaneResponse progress(String commandId, Progress progress) throws ControlPlaneException {
        return client.post(BASE + "/" + commandId + "/progress", progress.toJson());
    }

    public ControlPlaneResponse result(CommandResult result) throws ControlPlaneException {
        return client.post(BASE + "/" + result.commandId() + "/result", result.toJson());
    }

    /**
     * {@code POST results {"results":[{"id","status","result","error"}…]}} (1 to {@link #MAX_BATCH}) →
     * {@code 200 {"items":[{"id","status","code"}…]}}, each item's {@code status} being what the
     * per-command call would have answered.
     */
    public ControlPlaneResponse results(List<CommandResult> results) throws ControlPlaneException {
        JsonArrayBuilder items = Json.createArrayBuilder();
        results.forEach(result -> items.add(result.toBatchItem()));
        return client.post(BASE + "/results", Json.createObjectBuilder().add("results", items).build());
    }
}
