package io.corral.launcher;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Turns {@code run} arguments plus the environment into {@link LaunchOptions}; flags beat env vars. */
final class CommandLine {

    private CommandLine() {
    }

    static LaunchOptions parse(List<String> args, Map<String, String> env) {
        Map<LaunchOption, String> values = new EnumMap<>(LaunchOption.class);
        for (LaunchOption option : LaunchOption.values()) {
            String fromEnv = env.get(option.envVar);
            if (fromEnv != null && !fromEnv.isBlank()) {
                values.put(option, fromEnv);
            }
        }
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                values.put(LaunchOption.byFlag(arg.substring(0, eq)), arg.substring(eq + 1));
            } else if (arg.startsWith("--")) {
                LaunchOption option = LaunchOption.byFlag(arg);
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException(arg + " needs a value (" + option.valueName + ")");
                }
                values.put(option, args.get(++i));
            } else {
                throw new IllegalArgumentException("unexpected argument '" + arg + "' (see --help)");
            }
        }
        return toOptions(values);
    }

    private static LaunchOptions toOptions(Map<LaunchOption, String> v) {
        LaunchOptions.Builder b = LaunchOptions.builder();
        if (v.containsKey(LaunchOption.DATA_DIR)) b.dataDir(Path.of(v.get(LaunchOption.DATA_DIR)));
        if (v.containsKey(LaunchOption.STACK_DIR)) b.stackDir(Path.of(v.get(LaunchOption.STACK_DIR)));
        if (v.containsKey(LaunchOption.HTTP_PORT)) b.httpPort(number(v, LaunchOption.HTTP_PORT));
        if (v.containsKey(LaunchOption.AGENT_PORT)) b.agentPort(number(v, LaunchOption.AGENT_PORT));
        if (v.containsKey(LaunchOption.PVE_PORT)) b.pvePort(number(v, LaunchOption.PVE_PORT));
        if (v.containsKey(LaunchOption.PROXY_PORT)) b.proxyPort(number(v, LaunchOption.PROXY_PORT));
        if (v.containsKey(LaunchOption.DB_PORT)) b.dbPort(number(v, LaunchOption.DB_PORT));
        if (v.containsKey(LaunchOption.HEARTBEAT_SECONDS)) b.heartbeatSeconds(number(v, LaunchOption.HEARTBEAT_SECONDS));
        if (v.containsKey(LaunchOption.AGENT_TTL_SECONDS)) b.agentTtlSeconds(number(v, LaunchOption.AGENT_TTL_SECONDS));
        if (v.containsKey(LaunchOption.PVE_SEED) && !v.get(LaunchOption.PVE_SEED).isBlank()) {
            b.pveSeed(Path.of(v.get(LaunchOption.PVE_SEED)));
        }
        b.dbUrl(v.get(LaunchOption.DB_URL)).dbUser(v.get(LaunchOption.DB_USER)).dbPassword(v.get(LaunchOption.DB_PASSWORD));
        return b.build();
    }

    private static int number(Map<LaunchOption, String> values, LaunchOption option) {
        String raw = values.get(option).trim();
        try {
            return Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option.flag + " (" + option.envVar + ") must be a number, not '" + raw + "'");
        }
    }

    static String help() {
        StringBuilder out = new StringBuilder()
                .append("Usage: java -jar corral-launcher.jar run [options]\n\n")
                .append("Starts PostgreSQL (embedded), the Proxmox VE simulator, the Corral control plane and\n")
                .append("one agent on this machine. Ctrl-C stops everything; the next run keeps the data.\n\n")
                .append("Options (each can also be set with the environment variable shown):\n");
        for (LaunchOption option : LaunchOption.values()) {
            out.append(String.format("  %-32s %s%n", option.flag + " " + option.valueName, option.description));
            out.append(String.format("  %-32s env %s, default %s%n", "",
                    option.envVar, option.defaultValue.isEmpty() ? "(none)" : option.defaultValue));
        }
        return out.append("\nCommands: run, help\n").toString();
    }
}
