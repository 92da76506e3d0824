package io.corral.agent.ssh;

import io.corral.agent.executor.CommandFailure;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An allow-listed remote command: a fixed argv whose {@code {name}} placeholders are filled
 * with typed, validated arguments. The program (argv[0]) is always literal.
 */
public record CommandTemplate(String name, List<String> argv, Map<String, ArgumentSpec> args) {

    static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");

    public CommandTemplate {
        argv = List.copyOf(argv);
        args = Map.copyOf(args);
        if (argv.isEmpty() || argv.get(0).isBlank()) {
            throw new IllegalArgumentException("argv must start with a program");
        }
        if (PLACEHOLDER.matcher(argv.get(0)).find()) {
            throw new IllegalArgumentException("argv[0] must be literal");
        }
        for (String element : argv) {
            Matcher m = PLACEHOLDER.matcher(element);
            while (m.find()) {
                if (!args.containsKey(m.group(1))) {
                    throw new IllegalArgumentException("placeholder {" + m.group(1) + "} has no argument definition");
                }
            }
        }
    }

    /**
     * The argv with every placeholder filled; every defined argument is required and no other
     * is accepted. Fails with {@code SSH_COMMAND_FORBIDDEN}.
     */
    public List<String> render(JsonObject given) throws CommandFailure {
        for (String key : given.keySet()) {
            if (!args.containsKey(key)) {
                throw SshErrors.failure(SshErrors.COMMAND_FORBIDDEN, "command " + name + " has no argument " + key);
            }
        }
        Map<String, String> values = new java.util.HashMap<>();
        for (Map.Entry<String, ArgumentSpec> arg : args.entrySet()) {
            JsonValue value = given.get(arg.getKey());
            if (value == null || value == JsonValue.NULL) {
                throw SshErrors.failure(SshErrors.COMMAND_FORBIDDEN, "command " + name + " needs argument " + arg.getKey());
            }
            values.put(arg.getKey(), arg.getValue().accept(arg.getKey(), value));
        }
        List<String> rendered = new ArrayList<>(argv.size());
        for (String element : argv) {
            rendered.add(PLACEHOLDER.matcher(element).replaceAll(m -> Matcher.quoteReplacement(values.get(m.group(1)))));
        }
        return rendered;
    }
}
