package io.corral.agent.command;

import io.corral.agent.control.ControlPlaneResponse;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One request of results ({@code POST …/commands/results}): which pending results go in it, and
 * what the control plane answered for each, in the shape of the per-command answer.
 */
final class ResultBatch {

    /**
     * Bytes of results one request carries at most (one larger result goes alone): far below the
     * control plane's default agent body limit of 16 MiB, which a few big {@code proxmox.metrics}
     * results could otherwise exceed together.
     */
    static final int MAX_BYTES = 1 << 20;

    private ResultBatch() {
    }

    /** The first pending results, at most {@link CommandChannel#MAX_BATCH} and {@link #MAX_BYTES}. */
    static List<CommandResult> take(List<CommandResult> pending) {
        List<CommandResult> batch = new ArrayList<>();
        long bytes = 0;
        for (CommandResult result : pending) {
            bytes += result.toBatchItem().toString().length();
            if (batch.size() == CommandChannel.MAX_BATCH || (!batch.isEmpty() && bytes > MAX_BYTES)) {
                break;
            }
            batch.add(result);
        }
        return batch;
    }

    /**
     * Per command id, the item of a {@code 200 {"items":[{"id","status","code"}…]}} answer as the
     * per-command call would have answered it: its status, with {@code {"code","message"}} when
     * the item has a code. Null when the answer is not such a list.
     */
    static Map<String, ControlPlaneResponse> answers(ControlPlaneResponse response) {
        if (response.status() != 200 || response.body() == null
                || !(response.body().get("items") instanceof JsonArray items)) {
            return null;
        }
        Map<String, ControlPlaneResponse> answers = new HashMap<>();
        for (JsonValue value : items) {
            if (value instanceof JsonObject item && item.get("id") instanceof JsonString id
                    && item.get("status") instanceof JsonNumber status && status.isIntegral()) {
                answers.put(id.getString(), new ControlPlaneResponse(status.intValue(), error(item)));
            }
        }
        return answers;
    }

    private static JsonObject error(JsonObject item) {
        if (!(item.get("code") instanceof JsonString code)) {
            return null;
        }
        JsonObjectBuilder error = Json.createObjectBuilder().add("code", code);
        if (item.get("message") instanceof JsonString message) {
            error.add("message", message);
        }
        return error.build();
    }
}
