package io.corral.agent.ssh;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How the agent reaches SSH targets.
 *
 * @param targetsFile    JSON array of targets, re-read when it changes
 * @param commandsFile   JSON object of extra command templates, or null for the built-in ones
 * @param configPaths    globs of the remote files read-config/write-config may touch
 * @param allowLoopback  whether targets may be on 127.0.0.0/8 or ::1 (tests, local setups)
 * @param connectTimeout connect + authenticate, and opening a channel
 * @param execTimeout    how long an {@code ssh.exec} command may run
 * @param keyDir         where the key files that targets name by {@code keyRef} are
 */
public record SshSettings(Path targetsFile, Path commandsFile, List<String> configPaths, boolean allowLoopback,
                          Duration connectTimeout, Duration execTimeout, Path keyDir) {

    /** Keys in {@code keys/} beside the targets file. */
    public SshSettings(Path targetsFile, Path commandsFile, List<String> configPaths, boolean allowLoopback,
                       Duration connectTimeout, Duration execTimeout) {
        this(targetsFile, commandsFile, configPaths, allowLoopback, connectTimeout, execTimeout,
                targetsFile.toAbsolutePath().resolveSibling("keys"));
    }

    public static final List<String> DEFAULT_CONFIG_PATHS = List.of("/etc/corral/*.conf", "/etc/corral/*.json");

    public SshSettings {
        configPaths = List.copyOf(configPaths);
    }

    /** Parses {@code a,b , c} into trimmed, non-empty globs. */
    public static List<String> globs(String commaSeparated) {
        return java.util.Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
