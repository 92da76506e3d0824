package io.corral.agent.command;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/** One answer of {@code GET …/commands/next}: new commands and cancellations of running ones. */
public record CommandDelivery(List<Command> commands, List<String> cancellations) {

    private static final Logger LOG = Logger.getLogger(CommandDelivery.class.getName());

    public static final CommandDelivery EMPTY = new CommandDelivery(List.of(), List.of());

    public static CommandDelivery fromJson(JsonObject json) {
        List<Command> commands = new ArrayList<>();
        if (json.get("commands") instanceof JsonArray array) {
            for (JsonValue entry : array) {
                Command command = entry instanceof JsonObject object ? Command.fromJson(object) : null;
                if (command == null) {
                    LOG.warning(() -> "Ignoring a delivered command without a usable id or type: " + entry);
                } else {
                    commands.add(command);
                }
            }
        }
        return new CommandDelivery(List.copyOf(commands), ids(json, "cancellations"));
    }

    /** A list of string ids in {@code json[key]}; anything else reads as empty. */
    public static List<String> ids(JsonObject json, String key) {
        if (json == null || !(json.get(key) instanceof JsonArray array)) {
            return List.of();
        }
        return array.stream().filter(JsonString.class::isInstance)
                .map(value -> ((JsonString) value).getString()).toList();
    }
}
