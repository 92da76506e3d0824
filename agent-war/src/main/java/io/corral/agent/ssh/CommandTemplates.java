package io.corral.agent.ssh;

import io.corral.agent.executor.CommandFailure;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The command templates {@code ssh.exec} may run: built-in {@code uptime} and {@code hostname},
 * plus (overriding them by name) those of the commands file, re-read when it changes. A template
 * that does not validate is skipped with a warning.
 */
public final class CommandTemplates {

    private static final Logger LOG = Logger.getLogger(CommandTemplates.class.getName());
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
    private static final Map<String, CommandTemplate> BUILT_IN = Map.of(
            "uptime", new CommandTemplate("uptime", List.of("uptime"), Map.of()),
            "hostname", new CommandTemplate("hostname", List.of("hostname"), Map.of()));

    private final WatchedFile<Map<String, CommandTemplate>> file;

    /** @param commandsFile the commands file, or null for the built-in templates only */
    public CommandTemplates(Path commandsFile) {
        this.file = commandsFile == null ? null : new WatchedFile<>(commandsFile, text -> parse(text, commandsFile));
    }

    /** The template, or {@code SSH_COMMAND_FORBIDDEN} when it is not allow-listed. */
    public CommandTemplate find(String name) throws CommandFailure {
        CommandTemplate template = current().get(name);
        if (template == null) {
            throw SshErrors.failure(SshErrors.COMMAND_FORBIDDEN, "command " + name + " is not allow-listed");
        }
        return template;
    }

    public Map<String, CommandTemplate> current() {
        return file == null ? BUILT_IN : file.current();
    }

    static Map<String, CommandTemplate> parse(String text, Path source) {
        Map<String, CommandTemplate> templates = new LinkedHashMap<>(BUILT_IN);
        if (text.isBlank()) {
            return Map.copyOf(templates);
        }
        JsonObject json = Json.createReader(new StringReader(text)).readObject();
        for (Map.Entry<String, JsonValue> entry : json.entrySet()) {
            try {
                templates.put(entry.getKey(), template(entry.getKey(), entry.getValue()));
            } catch (RuntimeException e) {
                LOG.warning(() -> "Skipping SSH command " + entry.getKey() + " in " + source + ": " + e.getMessage());
            }
        }
        return Map.copyOf(templates);
    }

    private static CommandTemplate template(String name, JsonValue value) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name must be lower-case letters, digits, '.', '_' or '-'");
        }
        if (!(value instanceof JsonObject json) || json.getJsonArray("argv") == null) {
            throw new IllegalArgumentException("needs an argv array");
        }
        List<String> argv = json.getJsonArray("argv").getValuesAs(JsonString.class).stream()
                .map(JsonString::getString).toList();
        Map<String, ArgumentSpec> args = new LinkedHashMap<>();
        JsonObject argsJson = json.getJsonObject("args");
        if (argsJson != null) {
            for (Map.Entry<String, JsonValue> arg : argsJson.entrySet()) {
                try {
                    args.put(arg.getKey(), ArgumentSpec.parse(arg.getValue().asJsonObject()));
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("argument " + arg.getKey() + ": " + e.getMessage());
                }
            }
        }
        return new CommandTemplate(name, argv, args);
    }
}
