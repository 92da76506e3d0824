package io.corral.agent.command;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * The final outcome of one command, as {@code POST …/commands/{id}/result} carries it:
 * {@code {"status":"succeeded"|"failed"|"cancelled","result":{…}|null,"error":{"code","message"}|null}}.
 */
public record CommandResult(String commandId, String status, JsonObject result, Error error) {

    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";
    public static final String CANCELLED = "cancelled";

    /** {@code {"code","message"}} of a failed command. */
    public record Error(String code, String message) {
    }

    public static CommandResult succeeded(String commandId, JsonObject result) {
        return new CommandResult(commandId, SUCCEEDED, result, null);
    }

    public static CommandResult failed(String commandId, String code, String message) {
        return new CommandResult(commandId, FAILED, null, new Error(code, message));
    }

    public static CommandResult cancelled(String commandId) {
        return new CommandResult(commandId, CANCELLED, null, null);
    }

    /** The request body. */
    public JsonObject toJson() {
        JsonObjectBuilder json = Json.createObjectBuilder().add("status", status);
        json.add("result", result == null ? JsonValue.NULL : result);
        if (error == null) {
            json.addNull("error");
        } else {
            json.add("error", Json.createObjectBuilder().add("code", error.code())
                    .add("message", error.message() == null ? "" : error.message()));
        }
        return json.build();
    }

    /** An item of a batch of results ({@code POST …/commands/results}): the body plus the id. */
    public JsonObject toBatchItem() {
        return Json.createObjectBuilder(toJson()).add("id", commandId).build();
    }

    /** The outbox file: the body plus the command id. */
    public JsonObject toStoredJson() {
        return Json.createObjectBuilder(toJson()).add("commandId", commandId).build();
    }

    /** Reads an outbox file; throws IllegalArgumentException when it is not one. */
    public static CommandResult fromStoredJson(JsonObject json) {
        String id = json.get("commandId") instanceof JsonString s ? s.getString() : null;
        String status = json.get("status") instanceof JsonString s ? s.getString() : null;
        if (!Command.isSafeId(id) || status == null) {
            throw new IllegalArgumentException("not a stored command result");
        }
        JsonObject result = json.get("result") instanceof JsonObject r ? r : null;
        Error error = null;
        if (json.get("error") instanceof JsonObject e) {
            error = new Error(e.getString("code", "INTERNAL"), e.getString("message", ""));
        }
        return new CommandResult(id, status, result, error);
    }
}
